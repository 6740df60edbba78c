/**
 * The policy owner's view: the live policy, the candidate rules folders on the server, their
 * problems, and what a valid candidate would change (tier counts now vs then, transitions).
 */
import { announce, clear, h, uid } from '../dom.js';
import { dateTime, day, tierName, TIER_ORDER } from '../format.js';
import { groupedBarChart } from '../chart.js';
import { number, parts, t } from '../i18n.js';
import { stackedTable } from '../table.js';
import { errorPanel, loadingPanel, tierBadge, pageHead } from './common.js';

const OVERVIEW = /* GraphQL */ `
  query PolicyOverview {
    policyStatus { version loadedAt lastRejection { file pointer message } lastRejectedAt scheduled { version effectiveFrom day } }
    policyCandidates { name version valid problems { file pointer message } }
  }`;

const PREVIEW = /* GraphQL */ `
  query PolicyPreview($candidate: String!) {
    policyPreview(candidate: $candidate) {
      candidate candidateVersion liveVersion membersEvaluated unchanged changes
      tierCounts { tier current candidate }
      transitions { from to count sample }
      videoGained videoLost
    }
  }`;

export async function renderPolicy(main, context) {
  const loading = loadingPanel(t('policy.loading'));
  main.append(loading);
  let data;
  try {
    data = await context.api(OVERVIEW);
  } catch (error) {
    if (context.isCurrent()) loading.replaceWith(errorPanel(t('policy.loadFailed'), error));
    return;
  }
  if (!context.isCurrent()) return;
  const { policyStatus: status } = data;
  const candidates = data.policyCandidates;
  const result = h('div', { class: 'candidate-result', 'aria-live': 'polite' });
  const groupId = uid('candidates');

  const pick = async (candidate) => {
    clear(result);
    if (!candidate.valid) {
      result.append(problemsPanel(candidate));
      announce(t('policy.hasProblems', { name: candidate.name, count: candidate.problems.length }));
      return;
    }
    result.append(loadingPanel(t('policy.evaluating', { name: candidate.name })));
    try {
      const { policyPreview } = await context.api(PREVIEW, { candidate: candidate.name });
      if (!context.isCurrent()) return;
      clear(result).append(previewPanel(policyPreview));
      announce(t('policy.previewReady', { name: candidate.name }));
    } catch (error) {
      clear(result).append(h('p', { class: 'notice notice-error', role: 'alert' }, t('policy.previewFailed', { message: error.message })));
    }
  };

  loading.replaceWith(
    h('div', { class: 'page' },
      pageHead(t('view.policy'), t('policy.sub')),
      statusPanel(status),
      scheduledPanel(status.scheduled, context),
      h('section', { class: 'panel', 'aria-labelledby': `${groupId}-heading` },
        h('h2', { id: `${groupId}-heading` }, t('policy.candidates')),
        candidates.length
          ? h('fieldset', { class: 'candidates' },
              h('legend', null, t('policy.chooseCandidate')),
              h('div', { class: 'candidate-grid' }, candidates.map((candidate) => candidateOption(candidate, groupId, pick))))
          : h('p', { class: 'empty' }, t('policy.noCandidates')),
      ),
      result,
    ),
  );
}

function statusPanel(status) {
  return h('section', { class: 'panel status-panel', 'aria-labelledby': 'live-heading' },
    h('h2', { id: 'live-heading' }, t('policy.live')),
    h('dl', { class: 'facts' },
      h('div', null, h('dt', null, t('policy.version')), h('dd', { class: 'mono' }, status.version)),
      h('div', null, h('dt', null, t('policy.loaded')), h('dd', null, dateTime(status.loadedAt))),
    ),
    status.lastRejection.length
      ? h('div', { class: 'notice notice-warning' },
          h('p', null, h('strong', null, status.lastRejectedAt ? t('policy.lastRefusedAt', { when: dateTime(status.lastRejectedAt) }) : t('policy.lastRefused'))),
          problemList(status.lastRejection))
      : null,
  );
}

/**
 * Versions prepared for a date: each with what changes, in words, and its impact at that date
 * (previewed as candidate "scheduled/<day>", against the version it replaces then).
 */
function scheduledPanel(scheduled, context) {
  const versions = scheduled.map((version) => {
    const slot = h('div', { class: 'scheduled-preview' }, loadingPanel(t('policy.evaluatingScheduled', { day: day(version.day) })));
    context.api(PREVIEW, { candidate: `scheduled/${version.day}` }).then(
      ({ policyPreview }) => context.isCurrent() && slot.replaceChildren(previewPanel(policyPreview, t('policy.impactOn', { day: day(version.day) }))),
      (error) => context.isCurrent() && slot.replaceChildren(h('p', { class: 'notice notice-error' }, t('policy.previewFailed', { message: error.message }))),
    );
    return h('li', { class: 'scheduled' },
      h('h3', null, t('policy.from', { day: day(version.day) })),
      // effectiveFrom is midnight in the programme's time zone, which this browser need not share: say the day.
      h('p', { class: 'muted' }, parts('policy.takesEffect', { version: h('span', { class: 'mono' }, version.version), day: day(version.day) })),
      slot);
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'scheduled-heading' },
    h('h2', { id: 'scheduled-heading' }, t('policy.scheduled')),
    versions.length
      ? h('ul', { class: 'scheduled-list' }, versions)
      : h('p', { class: 'empty' }, t('policy.noneScheduled')),
  );
}

function candidateOption(candidate, groupId, pick) {
  const id = uid('candidate');
  const radio = h('input', { type: 'radio', id, name: groupId, value: candidate.name, onchange: () => pick(candidate) });
  return h('div', { class: `candidate ${candidate.valid ? 'candidate-valid' : 'candidate-invalid'}` },
    radio,
    h('label', { for: id },
      h('span', { class: 'candidate-name' }, candidate.name),
      h('span', { class: 'candidate-state' },
        candidate.valid
          ? t('policy.valid', { version: candidate.version })
          : t('policy.invalid', { count: candidate.problems.length })),
    ),
  );
}

function problemsPanel(candidate) {
  return h('section', { class: 'panel', 'aria-labelledby': 'problems-heading' },
    h('h2', { id: 'problems-heading' }, t('policy.problemsIn', { name: candidate.name })),
    h('p', { class: 'notice notice-error' }, t('policy.cannotGoLive', { count: candidate.problems.length })),
    problemList(candidate.problems),
  );
}

function problemList(problems) {
  return stackedTable({
    caption: t('policy.problems'),
    className: 'problems',
    columns: [t('policy.file'), t('policy.where'), t('policy.problem')],
    rows: problems.map((p) => ({ cells: [h('span', { class: 'mono' }, p.file), h('span', { class: 'mono' }, p.pointer || t('policy.wholeFile')), p.message] })),
  });
}

function previewPanel(preview, title = t('policy.impactOf', { name: preview.candidate })) {
  const headingId = uid('preview-heading');
  const changesId = uid('changes-heading');
  const order = [null, ...TIER_ORDER];
  const counts = order.map((tier) => preview.tierCounts.find((c) => c.tier === tier) ?? { tier, current: 0, candidate: 0 });
  const moved = preview.membersEvaluated - preview.unchanged;
  const description = `${counts.map((c) => t('policy.countNowAndUnder', { tier: tierName(c.tier), now: c.current, candidate: c.candidate, name: preview.candidate })).join('; ')}.`;
  const rank = (tier) => (tier ? TIER_ORDER.indexOf(tier) : -1);
  const transitions = [...preview.transitions].sort((a, b) => b.count - a.count);
  const most = Math.max(1, ...transitions.map((move) => move.count));

  return h('section', { class: 'panel preview', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, title),
    h('p', { class: 'muted' },
      parts('policy.versions', { candidate: h('span', { class: 'mono' }, preview.candidateVersion), live: h('span', { class: 'mono' }, preview.liveVersion) })),
    h('section', { class: 'changes', 'aria-labelledby': changesId, 'data-testid': 'policy-changes' },
      h('h3', { id: changesId }, t('policy.whatChanges')),
      preview.changes.length
        ? h('ul', null, preview.changes.map((line) => h('li', null, line)))
        : h('p', { class: 'muted' }, t('policy.nothingChanges'))),
    h('dl', { class: 'stats' },
      stat(t('policy.evaluated'), number(preview.membersEvaluated)),
      stat(t('policy.wouldChange'), number(moved), moved ? 'stat-warn' : ''),
      stat(t('run.unchanged'), number(preview.unchanged)),
      stat(t('dash.video'), `+${number(preview.videoGained)} / −${number(preview.videoLost)}`),
    ),
    h('div', { class: 'preview-grid' },
      h('div', null,
        h('h3', null, t('policy.perTier')),
        groupedBarChart({
          title: t('policy.chartTitle', { name: preview.candidate }),
          description,
          groups: counts.map((c) => ({ label: tierName(c.tier), values: [c.current, c.candidate] })),
          series: [{ name: t('policy.seriesNow'), className: 'series-now' }, { name: t('policy.seriesUnder', { name: preview.candidate }), className: 'series-candidate' }],
        }),
        h('details', { class: 'chart-data' },
          h('summary', null, t('policy.asTable')),
          h('table', { class: 'table' },
            h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('policy.tier')), h('th', { scope: 'col' }, t('policy.now')), h('th', { scope: 'col' }, t('policy.candidate')), h('th', { scope: 'col' }, t('policy.change')))),
            h('tbody', null, counts.map((c) => h('tr', null,
              h('th', { scope: 'row' }, tierName(c.tier)),
              h('td', null, number(c.current)),
              h('td', null, number(c.candidate)),
              h('td', null, signed(c.candidate - c.current)),
            ))),
          ),
        ),
      ),
      h('div', null,
        h('h3', null, t('policy.whoMoves')),
        h('p', { class: 'muted' }, movedSummary(transitions, rank)),
        transitions.length
          ? h('ul', { class: 'transitions' }, transitions.map((move) => {
              const direction = rank(move.to) > rank(move.from) ? 'up' : 'down';
              return h('li', { class: `transition transition-${direction}` },
                h('span', { class: 'transition-tiers' },
                  tierBadge(move.from, 'small'), h('span', { class: 'arrow', 'aria-hidden': 'true' }, '→'), h('span', { class: 'visually-hidden' }, ` ${t('policy.to')} `), tierBadge(move.to, 'small'),
                  h('span', { class: 'visually-hidden' }, ':')),
                h('span', { class: 'transition-count' }, ` ${number(move.count)}`),
                h('span', { class: 'transition-bar', 'aria-hidden': 'true' }, bar((move.count / most) * 100)),
                move.sample.length ? h('span', { class: 'sub' }, t('policy.sample', { count: move.sample.length, members: move.sample.slice(0, 5).join(', ') })) : null,
              );
            }))
          : h('p', { class: 'empty' }, t('policy.nobodyUnderCandidate')),
      ),
    ),
  );
}

function movedSummary(transitions, rank) {
  const down = transitions.filter((move) => rank(move.to) < rank(move.from)).reduce((n, move) => n + move.count, 0);
  const up = transitions.filter((move) => rank(move.to) > rank(move.from)).reduce((n, move) => n + move.count, 0);
  if (!down && !up) return t('policy.nobodyMoves');
  return t('policy.downAndUp', { down: t('policy.members', { count: down }), up: t('policy.members', { count: up }) });
}

function stat(label, value, className = '') {
  return h('div', { class: `stat ${className}` }, h('dt', null, label), h('dd', null, String(value)));
}

const signed = (n) => (n > 0 ? `+${number(n)}` : n < 0 ? `−${number(-n)}` : number(0));

/** Widths are set through the CSSOM: the page's CSP allows no inline style attributes. */
function bar(percent) {
  const fill = h('span', { class: 'transition-fill' });
  fill.style.width = `${Math.max(2, Math.round(percent))}%`;
  return fill;
}
