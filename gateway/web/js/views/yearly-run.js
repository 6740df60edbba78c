/** The admin's view of the 1 January run: its state and report, and starting it for a 1 January that has come. */
import { announce, h, uid } from '../dom.js';
import { dateTime, day } from '../format.js';
import { errorPanel, flashNotice, loadingPanel, pageHead } from './common.js';

const REPORT_FIELDS = 'asOf state membersProcessed upgraded downgraded unchanged policyVersion startedAt completedAt';
const REPORT = /* GraphQL */ `query YearlyRun($asOf: Date!) { recalculation(asOf: $asOf) { ${REPORT_FIELDS} } programmeToday }`;
const TODAY = /* GraphQL */ `query ProgrammeToday { programmeToday }`;
const RUN = /* GraphQL */ `mutation RunYearly($asOf: Date!) { recalculateMemberships(asOf: $asOf) { ${REPORT_FIELDS} } }`;

/** The latest 1 January that has come in the programme's calendar (its clock and time zone, not the browser's). */
const firstOfJanuaryOf = (today) => `${today.slice(0, 4)}-01-01`;

export async function renderYearlyRun(main, context, flash, wanted) {
  const loading = loadingPanel(wanted ? `Loading the run of ${day(wanted)}…` : 'Loading the 1 January run…');
  main.append(loading);
  let report;
  let today;
  let asOf = wanted;
  try {
    asOf ??= firstOfJanuaryOf((await context.api(TODAY)).programmeToday);
    ({ recalculation: report, programmeToday: today } = await context.api(REPORT, { asOf }));
  } catch (error) {
    if (context.isCurrent()) loading.replaceWith(errorPanel('The 1 January run could not be loaded', error));
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
    h('label', { for: yearId }, 'Year'), year, h('button', { type: 'submit', class: 'button button-quiet' }, 'Show'));

  const run = h('button', { type: 'button', class: 'button' }, report ? 'Run again (resumes or returns the report)' : `Run it for ${day(asOf)}`);
  run.addEventListener('click', async () => {
    run.disabled = true;
    run.textContent = 'Running…';
    try {
      const { recalculateMemberships: done } = await context.api(RUN, { asOf });
      announce('The 1 January run is done.');
      await reload({ text: `The run of ${day(done.asOf)} is ${done.state === 'COMPLETED' ? 'complete' : 'running'}: ${done.membersProcessed} members processed.` });
    } catch (error) {
      await reload({ kind: 'error', text: `The run did not start: ${error.message}` });
    }
  });

  loading.replaceWith(
    h('div', { class: 'page' },
      pageHead('1 January run', 'Every 1 January each membership is recalculated from what is registered at that moment, under the policy in force at 00:00. The members service starts it by itself.', pick),
      flashNotice(flash),
      h('section', { class: 'panel', 'aria-labelledby': 'run-heading' },
        h('h2', { id: 'run-heading' }, `The run of ${day(asOf)}`),
        report ? reportFacts(report) : h('p', { class: 'empty' }, `No run for ${day(asOf)} yet.`),
        h('div', { class: 'actions' }, run, report?.state === 'RUNNING' ? h('button', { type: 'button', class: 'button button-quiet', onclick: () => reload() }, 'Refresh') : null),
      ),
    ),
  );
}

const STATES = { RUNNING: 'Running', COMPLETED: 'Completed' };

function reportFacts(report) {
  const stat = (label, value) => h('div', { class: 'stat' }, h('dt', null, label), h('dd', null, String(value)));
  return [
    h('p', { 'data-testid': 'run-state' },
      h('strong', null, STATES[report.state] ?? report.state),
      report.completedAt ? ` · started ${dateTime(report.startedAt)}, completed ${dateTime(report.completedAt)}` : ` · started ${dateTime(report.startedAt)}`),
    h('dl', { class: 'stats' },
      stat('Members processed', report.membersProcessed),
      stat('Tier rose', report.upgraded),
      stat('Tier fell', report.downgraded),
      stat('Unchanged', report.unchanged),
    ),
    h('p', { class: 'sub' }, 'Under policy version ', h('span', { class: 'mono' }, report.policyVersion)),
  ];
}
