/** The member's dashboard: everything from ONE request (the contract's Dashboard query, extended). */
import { h } from '../dom.js';
import { dateTime, day, plural, tierName, TIER_ORDER } from '../format.js';
import { whyThisTier } from '../tier-words.js';
import { createRegisterPanel } from './register-item.js';
import { equipmentTable } from './equipment-table.js';
import { accountPanel } from './account.js';
import { errorPanel, flashNotice, loadingPanel, tierBadge, tierValue } from './common.js';

export const DASHBOARD = /* GraphQL */ `
  query Dashboard {
    me {
      id number name email
      address { street postalCode city countryCode }
      country { code name maxTier }
      tier qualifyingTier videoMember
      benefits { code name description }
      nextTier { tier missingBodies missingLenses }
      card { status requestedAt sentAt }
      equipment(includeInactive: true) {
        id serialNumber purchaseDate purchaseCountryCode dealer estimated parallelImport status countsTowardsTier notice transferNote
        purchaseCountry { code name }
        product { model kind tierCap supported }
      }
      tierExplanation { policyVersion lines items { equipmentId model counts countsTowards reason } nextTierBlockedBy }
      tierHistory { from to at reason }
      outlook { on tier videoMember change reasons }
      notices { code message at equipmentId }
    }
  }`;

const CURRENT = new Set(['ACTIVE', 'PENDING_TRANSFER']);

export async function renderMembership(main, context, flash) {
  const loading = loadingPanel('Loading your membership…');
  main.append(loading);
  let me;
  try {
    ({ me } = await context.api(DASHBOARD));
  } catch (error) {
    if (!context.isCurrent()) return;
    loading.replaceWith(errorPanel('Your membership could not be loaded', error));
    return;
  }
  if (!context.isCurrent()) return;
  if (!me) {
    loading.replaceWith(errorPanel('No membership for this token', new Error('The token names no member. Sign in with a member token.')));
    return;
  }

  context.showMemberNumber(me.number);
  const reload = async (message) => {
    main.replaceChildren();
    await renderMembership(main, context, message);
    main.querySelector('[data-flash]')?.focus();
  };
  const explanations = new Map((me.tierExplanation?.items ?? []).map((item) => [item.equipmentId, item]));
  const current = me.equipment.filter((item) => CURRENT.has(item.status));
  const earlier = me.equipment.filter((item) => !CURRENT.has(item.status));
  const register = createRegisterPanel({ api: context.api, homeCountry: me.country.code, onRegistered: reload });

  loading.replaceWith(
    h('div', { class: 'page' },
      h('div', { class: 'page-head' },
        h('div', null,
          h('h1', null, me.name),
          h('p', { class: 'page-sub' }, `Member number ${me.number} · ${me.country.name}`,
            me.country.maxTier === 'SILVER' ? h('span', { class: 'chip chip-muted' }, 'Silver-only country') : null),
        ),
      ),
      flashNotice(flash),
      noticesPanel(me.notices),
      h('section', { class: 'cards', 'aria-label': 'Membership at a glance' },
        tierCard(me),
        outlookCard(me.outlook),
        // Holding more than the equipment gives: what 1 January does matters more than the next tier.
        me.outlook.change === 'DOWN' ? null : nextTierCard(me, current, explanations),
        videoCard(me),
        cardCard(me.card),
      ),
      h('div', { class: 'columns' },
        h('section', { class: 'panel equipment-panel', 'aria-labelledby': 'equipment-heading' },
          register.head(h('h2', { id: 'equipment-heading' }, 'Your equipment')),
          register.panel,
          equipmentTable(current, explanations, { api: context.api, onDone: reload }),
          earlier.length
            ? h('details', { class: 'earlier' },
                h('summary', null, `Earlier items (${earlier.length})`),
                equipmentTable(earlier, explanations, null))
            : null,
        ),
        h('div', { class: 'side' },
          explanationPanel(me),
          benefitsPanel(me),
          historyPanel(me.tierHistory),
        ),
      ),
      accountPanel(me, context, reload),
    ),
  );
}

const NOTICE_TITLES = {
  TIER_FALLS: 'Your tier on 1 January',
  CARD_OVERDUE: 'Your membership card',
  TRANSFER_PENDING: 'Second-hand item waiting for a handler',
  TRANSFER_REJECTED: 'Second-hand item not confirmed',
  ESTIMATED_DETAILS: 'Estimated purchase details',
};

function noticesPanel(notices) {
  if (!notices.length) return null;
  return h('section', { class: 'panel notices', 'aria-labelledby': 'notices-heading', 'data-testid': 'notices' },
    h('h2', { id: 'notices-heading' }, 'What you should know'),
    h('ul', { class: 'notice-list' },
      ...notices.map((notice) =>
        h('li', { class: `notice ${notice.code === 'TIER_FALLS' || notice.code === 'CARD_OVERDUE' || notice.code === 'TRANSFER_REJECTED' ? 'notice-warning' : 'notice-info'}`, 'data-code': notice.code },
          h('strong', null, NOTICE_TITLES[notice.code] ?? notice.code), ' ', notice.message)),
    ),
  );
}

const OUTLOOK_MOVES = { UP: 'Your tier rises then.', DOWN: 'Your tier falls then.', SAME: 'Your tier stays as it is.' };

/** What the 1 January recalculation makes of the member if nothing changes. */
function outlookCard(outlook) {
  return h('section', { class: 'card', 'aria-labelledby': 'outlook-heading', 'data-testid': 'outlook' },
    h('h2', { id: 'outlook-heading', class: 'card-title' }, `On ${day(outlook.on)}`),
    h('p', { class: 'card-value' }, tierValue(outlook.tier)),
    h('p', { class: 'card-note' }, h('strong', null, OUTLOOK_MOVES[outlook.change] ?? ''), outlook.videoMember ? ' You stay a video member.' : ''),
    ...outlook.reasons.map((reason) => h('p', { class: 'card-note' }, reason)),
  );
}

function tierCard(me) {
  const lower = me.tier && TIER_ORDER.indexOf(me.qualifyingTier) < TIER_ORDER.indexOf(me.tier);
  return h('section', { class: 'card', 'aria-labelledby': 'tier-heading' },
    h('h2', { id: 'tier-heading', class: 'card-title' }, 'Membership tier'),
    h('p', { class: 'card-value', 'data-testid': 'tier' }, tierValue(me.tier, 'large')),
    me.qualifyingTier
      ? h('p', { class: 'card-note' }, 'Qualifying tier today: ', h('strong', null, tierName(me.qualifyingTier)))
      : h('p', { class: 'card-note' }, 'Your registered equipment qualifies for no tier today.'),
    lower
      ? h('p', { class: 'card-note' }, `Your equipment qualifies for ${tierName(me.qualifyingTier)} today; you keep ${tierName(me.tier)} until the 1 January recalculation.`)
      : null,
  );
}

function nextTierCard(me, items, explanations) {
  const gap = me.nextTier;
  const blockedBy = me.tierExplanation?.nextTierBlockedBy;
  let body;
  if (gap) {
    const counting = (kind) =>
      items.filter((item) => item.product.kind === kind && explanations.get(item.id)?.counts && explanations.get(item.id).countsTowards.includes(gap.tier)).length;
    const bodies = counting('BODY');
    const lenses = counting('LENS');
    const missing = [
      gap.missingBodies ? plural(gap.missingBodies, 'more body', 'more bodies') : null,
      gap.missingLenses ? plural(gap.missingLenses, 'more lens', 'more lenses') : null,
    ].filter(Boolean);
    body = [
      h('p', { class: 'card-value' }, tierBadge(gap.tier)),
      h('p', { class: 'card-note', 'data-testid': 'missing' },
        missing.length ? `Still needed: ${missing.join(' and ')} counting towards ${tierName(gap.tier)}.` : `Nothing missing for ${tierName(gap.tier)}.`),
      progress('Bodies', bodies, bodies + gap.missingBodies),
      progress('Lenses', lenses, lenses + gap.missingLenses),
    ];
  } else if (blockedBy) {
    body = [h('p', { class: 'card-value card-value-text' }, 'Capped'), h('p', { class: 'card-note' }, `No higher tier: ${blockedBy}.`)];
  } else {
    body = [h('p', { class: 'card-value card-value-text' }, 'Top tier'), h('p', { class: 'card-note' }, 'You hold the highest tier of the programme.')];
  }
  return h('section', { class: 'card', 'aria-labelledby': 'next-heading' }, h('h2', { id: 'next-heading', class: 'card-title' }, 'What is missing for the next tier'), body);
}

function progress(label, have, need) {
  const value = Math.min(have, need);
  const text = `${label}: ${value} of ${need}`;
  return h('div', { class: 'progress-row' },
    h('span', { class: 'progress-label', 'aria-hidden': 'true' }, label),
    h('progress', { max: need || 1, value: need ? value : 1, 'aria-label': text }),
    h('span', { class: 'progress-count', 'aria-hidden': 'true' }, `${value}/${need}`),
  );
}

function videoCard(me) {
  return h('section', { class: 'card', 'aria-labelledby': 'video-heading' },
    h('h2', { id: 'video-heading', class: 'card-title' }, 'Video membership'),
    h('p', { class: 'card-value card-value-text' }, me.videoMember ? 'Member' : 'Not yet'),
    h('p', { class: 'card-note' }, me.videoMember ? 'Your registered Pro Video equipment makes you a video member.' : 'One registered Pro Video product is enough.'),
  );
}

const CARD_STATES = {
  REQUESTED: (card) => ['Requested', `Requested on ${day(card.requestedAt.slice(0, 10))}. It is sent within a few weeks.`],
  SENT: (card) => ['Sent', `Sent on ${day(card.sentAt.slice(0, 10))}.`],
  OVERDUE: (card) => ['Overdue', `Requested on ${day(card.requestedAt.slice(0, 10))}: not received after four weeks? Please contact support.`],
};

function cardCard(card) {
  const [state, note] = (CARD_STATES[card.status] ?? (() => [card.status, '']))(card);
  return h('section', { class: 'card', 'aria-labelledby': 'card-heading' },
    h('h2', { id: 'card-heading', class: 'card-title' }, 'Membership card'),
    h('p', { class: 'card-value card-value-text' }, h('span', { class: `status-dot status-${card.status.toLowerCase()}`, 'aria-hidden': 'true' }), state),
    h('p', { class: 'card-note' }, note),
  );
}

function benefitsPanel(me) {
  return h('section', { class: 'panel', 'aria-labelledby': 'benefits-heading' },
    h('h2', { id: 'benefits-heading' }, 'Your benefits'),
    me.benefits.length
      ? h('ul', { class: 'benefits' }, me.benefits.map((b) => h('li', null, h('strong', null, b.name), h('span', null, b.description))))
      : h('p', { class: 'empty' }, 'Benefits start with Silver.'),
  );
}

/** Why this tier, in sentences; the engine's own trace for staff behind "details". */
function explanationPanel(me) {
  const explanation = me.tierExplanation;
  if (!explanation) return null;
  return h('section', { class: 'panel', 'aria-labelledby': 'why-heading' },
    h('h2', { id: 'why-heading' }, 'Why this tier'),
    h('ul', { class: 'why-words', 'data-testid': 'why-words' }, whyThisTier(me).map((sentence) => h('li', null, sentence))),
    h('details', { class: 'why' },
      h('summary', null, 'Details for staff: how the rules decided'),
      h('ul', null, explanation.lines.map((line) => h('li', null, line))),
      h('p', { class: 'sub' }, 'Policy version ', h('span', { class: 'mono' }, explanation.policyVersion)),
    ),
  );
}

const HISTORY_MOVES = (change) => `${tierName(change.from)} → ${tierName(change.to)}`;

/** Every change of the held tier, newest first, with its reason. */
function historyPanel(history) {
  const changes = [...history].sort((a, b) => b.at.localeCompare(a.at));
  return h('section', { class: 'panel', 'aria-labelledby': 'history-heading' },
    h('h2', { id: 'history-heading' }, 'Tier history'),
    changes.length
      ? h('ol', { class: 'history' }, changes.map((change) =>
          h('li', null,
            h('span', { class: 'history-move' }, HISTORY_MOVES(change)),
            h('span', { class: 'sub' }, `${dateTime(change.at)} · ${change.reason}`))))
      : h('p', { class: 'empty' }, 'Your tier has not changed yet.'),
  );
}
