/** The admin's view of the 1 January run: its state and report, and starting it for a 1 January that has come. */
import { announce, h, uid } from '../dom.js';
import { dateTime, day } from '../format.js';
import { number, parts, t, textOr } from '../i18n.js';
import { errorPanel, flashNotice, loadingPanel, pageHead } from './common.js';

const REPORT_FIELDS = 'asOf state membersProcessed upgraded downgraded unchanged policyVersion startedAt completedAt';
const REPORT = /* GraphQL */ `query YearlyRun($asOf: Date!) { recalculation(asOf: $asOf) { ${REPORT_FIELDS} } programmeToday }`;
const TODAY = /* GraphQL */ `query ProgrammeToday { programmeToday }`;
const RUN = /* GraphQL */ `mutation RunYearly($asOf: Date!) { recalculateMemberships(asOf: $asOf) { ${REPORT_FIELDS} } }`;

/** The latest 1 January that has come in the programme's calendar (its clock and time zone, not the browser's). */
const firstOfJanuaryOf = (today) => `${today.slice(0, 4)}-01-01`;

export async function renderYearlyRun(main, context, flash, wanted) {
  const loading = loadingPanel(wanted ? t('run.loadingOf', { day: day(wanted) }) : t('run.loading'));
  main.append(loading);
  let report;
  let today;
  let asOf = wanted;
  try {
    asOf ??= firstOfJanuaryOf((await context.api(TODAY)).programmeToday);
    ({ recalculation: report, programmeToday: today } = await context.api(REPORT, { asOf }));
  } catch (error) {
    if (context.isCurrent()) loading.replaceWith(errorPanel(t('run.loadFailed'), error));
    return;
  }
  if (!context.isCurrent()) return;
  const reload = async (message, date = asOf) => {
    main.replaceChildren();
    await renderYearlyRun(main, context, message, date);
    main.querySelector('[data-flash]')?.focus();
  };

  const yearId = uid('year');
  const year = h('input', { id: yearId, type: 'number', inputmode: 'numeric', min: 2000, max: Number(today.slice(0, 4)), value: asOf.slice(0, 4), class: 'short' });
  const pick = h('form', { class: 'inline-form', onsubmit: (event) => { event.preventDefault(); reload(null, `${year.value}-01-01`); } },
    h('label', { for: yearId }, t('run.year')), year, h('button', { type: 'submit', class: 'button button-quiet' }, t('run.show')));

  const run = h('button', { type: 'button', class: 'button' }, report ? t('run.again') : t('run.runFor', { day: day(asOf) }));
  run.addEventListener('click', async () => {
    run.disabled = true;
    run.textContent = t('run.running');
    try {
      const { recalculateMemberships: done } = await context.api(RUN, { asOf });
      announce(t('run.done'));
      const said = { day: day(done.asOf), count: done.membersProcessed };
      await reload({ text: done.state === 'COMPLETED' ? t('run.completeFlash', said) : t('run.runningFlash', said) });
    } catch (error) {
      await reload({ kind: 'error', text: t('run.notStarted', { message: error.message }) });
    }
  });

  loading.replaceWith(
    h('div', { class: 'page' },
      pageHead(t('view.yearly-run'), t('run.sub'), pick),
      flashNotice(flash),
      h('section', { class: 'panel', 'aria-labelledby': 'run-heading' },
        h('h2', { id: 'run-heading' }, t('run.heading', { day: day(asOf) })),
        report ? reportFacts(report) : h('p', { class: 'empty' }, t('run.none', { day: day(asOf) })),
        h('div', { class: 'actions' }, run, report?.state === 'RUNNING' ? h('button', { type: 'button', class: 'button button-quiet', onclick: () => reload() }, t('common.refresh')) : null),
      ),
    ),
  );
}

function reportFacts(report) {
  const stat = (label, value) => h('div', { class: 'stat' }, h('dt', null, label), h('dd', null, number(value)));
  const times = { started: dateTime(report.startedAt), completed: dateTime(report.completedAt) };
  return [
    h('p', { 'data-testid': 'run-state' },
      h('strong', null, textOr(`runState.${report.state}`, report.state)),
      ` · ${report.completedAt ? t('run.startedCompleted', times) : t('run.started', times)}`),
    h('dl', { class: 'stats' },
      stat(t('run.processed'), report.membersProcessed),
      stat(t('run.rose'), report.upgraded),
      stat(t('run.fell'), report.downgraded),
      stat(t('run.unchanged'), report.unchanged),
    ),
    h('p', { class: 'sub' }, parts('run.policyVersion', { version: h('span', { class: 'mono' }, report.policyVersion) })),
  ];
}
