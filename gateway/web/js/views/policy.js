/**
 * The policy owner's view: the live policy, the candidate rules folders on the server, their
 * problems, and what a valid candidate would change (tier counts now vs then, transitions).
 */
import { announce, clear, h, uid } from '../dom.js';
import { dateTime, day, plural, tierName, TIER_ORDER } from '../format.js';
import { groupedBarChart } from '../chart.js';
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
  const loading = loadingPanel('Loading the policy…');
  main.append(loading);
  let data;
  try {
    data = await context.api(OVERVIEW);
  } catch (error) {
    if (context.isCurrent()) loading.replaceWith(errorPanel('The policy could not be loaded', error));
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
      announce(`${candidate.name} has ${plural(candidate.problems.length, 'problem')}.`);
      return;
    }
    result.append(loadingPanel(`Evaluating every member under ${candidate.name}…`));
    try {
      const { policyPreview } = await context.api(PREVIEW, { candidate: candidate.name });
      if (!context.isCurrent()) return;
      clear(result).append(previewPanel(policyPreview));
      announce(`Preview of ${candidate.name} ready.`);
    } catch (error) {
      clear(result).append(h('p', { class: 'notice notice-error', role: 'alert' }, `The preview failed: ${error.message}`));
    }
  };

  loading.replaceWith(
    h('div', { class: 'page' },
      pageHead('Policy', 'Check a candidate set of rule files against every member before it goes live.'),
      statusPanel(status),
      scheduledPanel(status.scheduled, context),
      h('section', { class: 'panel', 'aria-labelledby': `${groupId}-heading` },
        h('h2', { id: `${groupId}-heading` }, 'Candidate rules'),
        candidates.length
          ? h('fieldset', { class: 'candidates' },
              h('legend', null, 'Choose a candidate rules folder on the server'),
              h('div', { class: 'candidate-grid' }, candidates.map((candidate) => candidateOption(candidate, groupId, pick))))
          : h('p', { class: 'empty' }, 'No candidate folders on the server. A candidate is a full copy of rules/ with edits, in a folder under the members service’s POLICY_CANDIDATES_DIR (data/policy-candidates/ by default).'),
      ),
      result,
    ),
  );
}

function statusPanel(status) {
  return h('section', { class: 'panel status-panel', 'aria-labelledby': 'live-heading' },
    h('h2', { id: 'live-heading' }, 'Live policy'),
    h('dl', { class: 'facts' },
      h('div', null, h('dt', null, 'Version'), h('dd', { class: 'mono' }, status.version)),
      h('div', null, h('dt', null, 'Loaded'), h('dd', null, dateTime(status.loadedAt))),
    ),
    status.lastRejection.length
      ? h('div', { class: 'notice notice-warning' },
          h('p', null, h('strong', null, `The last edit of the live rules was refused${status.lastRejectedAt ? ` (${dateTime(status.lastRejectedAt)})` : ''}; the previous policy stays in force:`)),
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
    const slot = h('div', { class: 'scheduled-preview' }, loadingPanel(`Evaluating every member under the version of ${day(version.day)}…`));
    context.api(PREVIEW, { candidate: `scheduled/${version.day}` }).then(
      ({ policyPreview }) => context.isCurrent() && slot.replaceChildren(previewPanel(policyPreview, `Impact on ${day(version.day)}`)),
      (error) => context.isCurrent() && slot.replaceChildren(h('p', { class: 'notice notice-error' }, `The preview failed: ${error.message}`)),
    );
    return h('li', { class: 'scheduled' },
      h('h3', null, `From ${day(version.day)}`),
      // effectiveFrom is midnight in the programme's time zone, which this browser need not share: say the day.
      h('p', { class: 'muted' }, 'Version ', h('span', { class: 'mono' }, version.version), ` takes effect at 00:00 on ${day(version.day)}, programme time.`),
      slot);
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'scheduled-heading' },
    h('h2', { id: 'scheduled-heading' }, 'Scheduled versions'),
    versions.length
      ? h('ul', { class: 'scheduled-list' }, versions)
      : h('p', { class: 'empty' }, 'No version is scheduled. A full copy of the rules in rules/scheduled/<YYYY-MM-DD>/ takes effect at midnight of that day.'),
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
          ? `Valid · version ${candidate.version}`
          : `Invalid · ${plural(candidate.problems.length, 'problem')}`),
    ),
  );
}

function problemsPanel(candidate) {
  return h('section', { class: 'panel', 'aria-labelledby': 'problems-heading' },
    h('h2', { id: 'problems-heading' }, `Problems in ${candidate.name}`),
    h('p', { class: 'notice notice-error' }, `This candidate cannot go live: fix ${candidate.problems.length === 1 ? 'this problem' : `these ${candidate.problems.length} problems`} in its files, then check again.`),
    problemList(candidate.problems),
  );
}

function problemList(problems) {
  return stackedTable({
    caption: 'Problems',
    className: 'problems',
    columns: ['File', 'Where', 'Problem'],
    rows: problems.map((p) => ({ cells: [h('span', { class: 'mono' }, p.file), h('span', { class: 'mono' }, p.pointer || '(whole file)'), p.message] })),
  });
}

function previewPanel(preview, title = `Impact of ${preview.candidate}`) {
  const headingId = uid('preview-heading');
  const changesId = uid('changes-heading');
  const order = [null, ...TIER_ORDER];
  const counts = order.map((tier) => preview.tierCounts.find((c) => c.tier === tier) ?? { tier, current: 0, candidate: 0 });
  const moved = preview.membersEvaluated - preview.unchanged;
  const description = counts.map((c) => `${tierName(c.tier)}: ${c.current} now, ${c.candidate} under ${preview.candidate}`).join('; ') + '.';
  const rank = (tier) => (tier ? TIER_ORDER.indexOf(tier) : -1);
  const transitions = [...preview.transitions].sort((a, b) => b.count - a.count);
  const most = Math.max(1, ...transitions.map((t) => t.count));

  return h('section', { class: 'panel preview', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, title),
    h('p', { class: 'muted' },
      'Candidate version ', h('span', { class: 'mono' }, preview.candidateVersion), ' against the live version ', h('span', { class: 'mono' }, preview.liveVersion),
      '. Every member’s qualifying tier is decided under both; a held tier falls only at the next 1 January recalculation.'),
    h('section', { class: 'changes', 'aria-labelledby': changesId, 'data-testid': 'policy-changes' },
      h('h3', { id: changesId }, 'What changes'),
      preview.changes.length
        ? h('ul', null, preview.changes.map((line) => h('li', null, line)))
        : h('p', { class: 'muted' }, 'Nothing the policy decides changes.')),
    h('dl', { class: 'stats' },
      stat('Members evaluated', preview.membersEvaluated),
      stat('Would change tier', moved, moved ? 'stat-warn' : ''),
      stat('Unchanged', preview.unchanged),
      stat('Video membership', `+${preview.videoGained} / −${preview.videoLost}`),
    ),
    h('div', { class: 'preview-grid' },
      h('div', null,
        h('h3', null, 'Members per qualifying tier'),
        groupedBarChart({
          title: `Members per qualifying tier: now and under ${preview.candidate}`,
          description,
          groups: counts.map((c) => ({ label: tierName(c.tier), values: [c.current, c.candidate] })),
          series: [{ name: 'Now (live policy)', className: 'series-now' }, { name: `Under ${preview.candidate}`, className: 'series-candidate' }],
        }),
        h('details', { class: 'chart-data' },
          h('summary', null, 'The numbers as a table'),
          h('table', { class: 'table' },
            h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Tier'), h('th', { scope: 'col' }, 'Now'), h('th', { scope: 'col' }, 'Candidate'), h('th', { scope: 'col' }, 'Change'))),
            h('tbody', null, counts.map((c) => h('tr', null,
              h('th', { scope: 'row' }, tierName(c.tier)),
              h('td', null, String(c.current)),
              h('td', null, String(c.candidate)),
              h('td', null, signed(c.candidate - c.current)),
            ))),
          ),
        ),
      ),
      h('div', null,
        h('h3', null, 'Who moves'),
        h('p', { class: 'muted' }, movedSummary(transitions, rank)),
        transitions.length
          ? h('ul', { class: 'transitions' }, transitions.map((t) => {
              const direction = rank(t.to) > rank(t.from) ? 'up' : 'down';
              return h('li', { class: `transition transition-${direction}` },
                h('span', { class: 'transition-tiers' },
                  tierBadge(t.from, 'small'), h('span', { class: 'arrow', 'aria-hidden': 'true' }, '→'), h('span', { class: 'visually-hidden' }, ' to '), tierBadge(t.to, 'small'),
                  h('span', { class: 'visually-hidden' }, ':')),
                h('span', { class: 'transition-count' }, ` ${t.count}`),
                h('span', { class: 'transition-bar', 'aria-hidden': 'true' }, bar((t.count / most) * 100)),
                t.sample.length ? h('span', { class: 'sub' }, `e.g. member ${t.sample.slice(0, 5).join(', ')}`) : null,
              );
            }))
          : h('p', { class: 'empty' }, 'Nobody changes tier under this candidate.'),
      ),
    ),
  );
}

function movedSummary(transitions, rank) {
  const down = transitions.filter((t) => rank(t.to) < rank(t.from)).reduce((n, t) => n + t.count, 0);
  const up = transitions.filter((t) => rank(t.to) > rank(t.from)).reduce((n, t) => n + t.count, 0);
  if (!down && !up) return 'No member changes qualifying tier.';
  return `${plural(down, 'member')} down, ${plural(up, 'member')} up.`;
}

function stat(label, value, className = '') {
  return h('div', { class: `stat ${className}` }, h('dt', null, label), h('dd', null, String(value)));
}

const signed = (n) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0');

/** Widths are set through the CSSOM: the page's CSP allows no inline style attributes. */
function bar(percent) {
  const fill = h('span', { class: 'transition-fill' });
  fill.style.width = `${Math.max(2, Math.round(percent))}%`;
  return fill;
}
