/** The member's dashboard: everything from ONE request (the contract's Dashboard query, extended). */
import { announce, h } from '../dom.js';
import { dateTime, day, kindPlural, placeName, tierName, TIER_ORDER } from '../format.js';
import { language, languageName, list, parts, t, textOr } from '../i18n.js';
import { whyThisTier } from '../tier-words.js';
import { createRegisterPanel } from './register-item.js';
import { equipmentTable } from './equipment-table.js';
import { accountPanel } from './account.js';
import { errorPanel, flashNotice, loadingPanel, tierBadge, tierValue } from './common.js';

export const DASHBOARD = /* GraphQL */ `
  query Dashboard {
    me {
      id number name email language
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

/** The member's own language: the one the programme writes to them in (their e-mails). */
const SAVE_LANGUAGE = /* GraphQL */ `
  mutation SaveLanguage($id: ID!, $language: String!) { updateMember(id: $id, input: { language: $language }) { id language } }`;

const CURRENT = new Set(['ACTIVE', 'PENDING_TRANSFER']);

export async function renderMembership(main, context, flash) {
  const loading = loadingPanel(t('dash.loading'));
  main.append(loading);
  let me;
  try {
    ({ me } = await context.api(DASHBOARD));
  } catch (error) {
    if (!context.isCurrent()) return;
    loading.replaceWith(errorPanel(t('dash.loadFailed'), error));
    return;
  }
  if (!context.isCurrent()) return;
  if (!me) {
    loading.replaceWith(errorPanel(t('dash.noMember'), new Error(t('dash.noMemberDetail'))));
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
          h('p', { class: 'page-sub' }, t('dash.sub', { number: me.number, country: placeName(me.country) }),
            me.country.maxTier === 'SILVER' ? h('span', { class: 'chip chip-muted' }, t('dash.silverOnly', { tier: tierName('SILVER') })) : null),
        ),
      ),
      flashNotice(flash),
      context.languageChanged && me.language !== language() ? languageOffer(me, context, reload) : null,
      noticesPanel(me.notices),
      h('section', { class: 'cards', 'aria-label': t('dash.atAGlance') },
        tierCard(me),
        outlookCard(me.outlook),
        // Holding more than the equipment gives: what 1 January does matters more than the next tier.
        me.outlook.change === 'DOWN' ? null : nextTierCard(me, current, explanations),
        videoCard(me),
        cardCard(me.card),
      ),
      h('div', { class: 'columns' },
        h('section', { class: 'panel equipment-panel', 'aria-labelledby': 'equipment-heading' },
          register.head(h('h2', { id: 'equipment-heading' }, t('dash.equipment'))),
          register.panel,
          equipmentTable(current, explanations, { api: context.api, onDone: reload }),
          earlier.length
            ? h('details', { class: 'earlier' },
                h('summary', null, t('dash.earlierCount', { count: earlier.length })),
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

const noticeTitle = (code) => textOr(`noticeTitle.${code}`, code);

/**
 * Just after a switch of the page's language: the programme's e-mails are still in the member's
 * own language (the API answers the page in the page's); one button makes it theirs too.
 */
function languageOffer(me, context, reload) {
  const chosen = language();
  const save = h('button', { type: 'button', class: 'button button-small' }, t('dash.languageOfferSave', { chosen: languageName(chosen) }));
  save.addEventListener('click', async () => {
    save.disabled = true;
    try {
      await context.api(SAVE_LANGUAGE, { id: me.id, language: chosen });
      announce(t('common.detailsSaved'));
      await reload({ text: t('dash.languageSaved', { chosen: languageName(chosen) }) });
    } catch (error) {
      await reload({ kind: 'error', text: t('dash.languageNotSaved', { message: error.message }) });
    }
  });
  return h('div', { class: 'notice notice-info', role: 'status', 'data-testid': 'language-offer' },
    h('p', null, t('dash.languageOffer', { theirs: languageName(me.language) })),
    h('div', { class: 'actions' }, save));
}

function noticesPanel(notices) {
  if (!notices.length) return null;
  return h('section', { class: 'panel notices', 'aria-labelledby': 'notices-heading', 'data-testid': 'notices' },
    h('h2', { id: 'notices-heading' }, t('dash.notices')),
    h('ul', { class: 'notice-list' },
      ...notices.map((notice) =>
        h('li', { class: `notice ${notice.code === 'TIER_FALLS' || notice.code === 'CARD_OVERDUE' || notice.code === 'TRANSFER_REJECTED' ? 'notice-warning' : 'notice-info'}`, 'data-code': notice.code },
          h('strong', null, noticeTitle(notice.code)), ' ', notice.message)),
    ),
  );
}

/** What the 1 January recalculation makes of the member if nothing changes. */
function outlookCard(outlook) {
  return h('section', { class: 'card', 'aria-labelledby': 'outlook-heading', 'data-testid': 'outlook' },
    h('h2', { id: 'outlook-heading', class: 'card-title' }, t('dash.outlookOn', { day: day(outlook.on) })),
    h('p', { class: 'card-value' }, tierValue(outlook.tier)),
    h('p', { class: 'card-note' }, h('strong', null, textOr(`outlookMove.${outlook.change}`, '')), outlook.videoMember ? ` ${t('dash.staysVideo')}` : ''),
    ...outlook.reasons.map((reason) => h('p', { class: 'card-note' }, reason)),
  );
}

function tierCard(me) {
  const lower = me.tier && TIER_ORDER.indexOf(me.qualifyingTier) < TIER_ORDER.indexOf(me.tier);
  return h('section', { class: 'card', 'aria-labelledby': 'tier-heading' },
    h('h2', { id: 'tier-heading', class: 'card-title' }, t('dash.tier')),
    h('p', { class: 'card-value', 'data-testid': 'tier' }, tierValue(me.tier, 'large')),
    me.qualifyingTier
      ? h('p', { class: 'card-note' }, parts('dash.qualifyingToday', { tier: h('strong', null, tierName(me.qualifyingTier)) }))
      : h('p', { class: 'card-note' }, t('dash.qualifiesForNoneToday')),
    lower
      ? h('p', { class: 'card-note' }, t('dash.keepsUntilRecalculation', { qualifying: tierName(me.qualifyingTier), held: tierName(me.tier) }))
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
      gap.missingBodies ? t('dash.moreBodies', { count: gap.missingBodies }) : null,
      gap.missingLenses ? t('dash.moreLenses', { count: gap.missingLenses }) : null,
    ].filter(Boolean);
    body = [
      h('p', { class: 'card-value' }, tierBadge(gap.tier)),
      h('p', { class: 'card-note', 'data-testid': 'missing' },
        missing.length ? t('dash.stillNeeded', { missing: list(missing), tier: tierName(gap.tier), count: gap.missingBodies + gap.missingLenses }) : t('dash.nothingMissing', { tier: tierName(gap.tier) })),
      progress(kindPlural('BODY'), bodies, bodies + gap.missingBodies),
      progress(kindPlural('LENS'), lenses, lenses + gap.missingLenses),
    ];
  } else if (blockedBy) {
    body = [h('p', { class: 'card-value card-value-text' }, t('dash.capped')), h('p', { class: 'card-note' }, t('dash.noHigherTier', { why: blockedBy }))];
  } else {
    body = [h('p', { class: 'card-value card-value-text' }, t('dash.topTier')), h('p', { class: 'card-note' }, t('dash.topTierNote'))];
  }
  return h('section', { class: 'card', 'aria-labelledby': 'next-heading' }, h('h2', { id: 'next-heading', class: 'card-title' }, t('dash.next')), body);
}

function progress(label, have, need) {
  const value = Math.min(have, need);
  const text = t('dash.progress', { label, value, need });
  return h('div', { class: 'progress-row' },
    h('span', { class: 'progress-label', 'aria-hidden': 'true' }, label),
    h('progress', { max: need || 1, value: need ? value : 1, 'aria-label': text }),
    h('span', { class: 'progress-count', 'aria-hidden': 'true' }, `${value}/${need}`),
  );
}

function videoCard(me) {
  return h('section', { class: 'card', 'aria-labelledby': 'video-heading' },
    h('h2', { id: 'video-heading', class: 'card-title' }, t('dash.video')),
    h('p', { class: 'card-value card-value-text' }, me.videoMember ? t('dash.videoMember') : t('dash.videoNotYet')),
    h('p', { class: 'card-note' }, me.videoMember ? t('dash.videoMemberNote') : t('dash.videoNotYetNote')),
  );
}

const CARD_STATES = {
  REQUESTED: (card) => [t('cardState.REQUESTED'), t('dash.cardRequested', { day: day(card.requestedAt.slice(0, 10)) })],
  SENT: (card) => [t('cardState.SENT'), t('dash.cardSent', { day: day(card.sentAt.slice(0, 10)) })],
  OVERDUE: (card) => [t('cardState.OVERDUE'), t('dash.cardOverdue', { day: day(card.requestedAt.slice(0, 10)) })],
};

function cardCard(card) {
  const [state, note] = (CARD_STATES[card.status] ?? (() => [card.status, '']))(card);
  return h('section', { class: 'card', 'aria-labelledby': 'card-heading' },
    h('h2', { id: 'card-heading', class: 'card-title' }, t('dash.card')),
    h('p', { class: 'card-value card-value-text' }, h('span', { class: `status-dot status-${card.status.toLowerCase()}`, 'aria-hidden': 'true' }), state),
    h('p', { class: 'card-note' }, note),
  );
}

function benefitsPanel(me) {
  return h('section', { class: 'panel', 'aria-labelledby': 'benefits-heading' },
    h('h2', { id: 'benefits-heading' }, t('dash.benefits')),
    me.benefits.length
      ? h('ul', { class: 'benefits' }, me.benefits.map((b) => h('li', null, h('strong', null, b.name), h('span', null, b.description))))
      : h('p', { class: 'empty' }, t('dash.benefitsStart', { tier: tierName('SILVER') })),
  );
}

/** Why this tier, in sentences; the engine's own trace for staff behind "details". */
function explanationPanel(me) {
  const explanation = me.tierExplanation;
  if (!explanation) return null;
  return h('section', { class: 'panel', 'aria-labelledby': 'why-heading' },
    h('h2', { id: 'why-heading' }, t('dash.why')),
    h('ul', { class: 'why-words', 'data-testid': 'why-words' }, whyThisTier(me).map((sentence) => h('li', null, sentence))),
    h('details', { class: 'why' },
      h('summary', null, t('dash.whyDetails')),
      h('ul', null, explanation.lines.map((line) => h('li', null, line))),
      h('p', { class: 'sub' }, parts('dash.policyVersion', { version: h('span', { class: 'mono' }, explanation.policyVersion) })),
    ),
  );
}

const HISTORY_MOVES = (change) => `${tierName(change.from)} → ${tierName(change.to)}`;

/** Every change of the held tier, newest first, with its reason. */
function historyPanel(history) {
  const changes = [...history].sort((a, b) => b.at.localeCompare(a.at));
  return h('section', { class: 'panel', 'aria-labelledby': 'history-heading' },
    h('h2', { id: 'history-heading' }, t('dash.history')),
    changes.length
      ? h('ol', { class: 'history' }, changes.map((change) =>
          h('li', null,
            h('span', { class: 'history-move' }, HISTORY_MOVES(change)),
            h('span', { class: 'sub' }, `${dateTime(change.at)} · ${change.reason}`))))
      : h('p', { class: 'empty' }, t('dash.historyNone')),
  );
}
