/** The admin's list of membership cards to send (requested or overdue), each with "mark sent". */
import { announce, h } from '../dom.js';
import { day, placeName } from '../format.js';
import { t } from '../i18n.js';
import { errorPanel, loadingPanel, pageHead } from './common.js';

const CARDS_TO_SEND = /* GraphQL */ `
  query CardsToSend($first: Int) {
    cardsToSend(first: $first) {
      id number name
      address { street postalCode city }
      country { code name }
      card { status requestedAt sentAt }
    }
  }`;

const MARK_SENT = /* GraphQL */ `mutation MarkCardSent($memberId: ID!) { markCardSent(memberId: $memberId) { status sentAt } }`;

/** The oldest requests first (so the overdue ones lead); once these are sent, the next ones come. */
const LIST_SIZE = 200;

export async function renderCards(main, context) {
  const loading = loadingPanel(t('cards.loading'));
  main.append(loading);
  let found;
  try {
    found = (await context.api(CARDS_TO_SEND, { first: LIST_SIZE })).cardsToSend;
  } catch (error) {
    if (context.isCurrent()) loading.replaceWith(errorPanel(t('cards.loadFailed'), error));
    return;
  }
  if (!context.isCurrent()) return;
  const waiting = found;
  const overdue = waiting.filter((m) => m.card.status === 'OVERDUE').length;
  const heading = h('h2', { id: 'cards-heading' }, overdue ? t('cards.toSendOverdue', { count: waiting.length, overdue }) : t('cards.toSend', { count: waiting.length }));

  loading.replaceWith(
    h('div', { class: 'page' },
      pageHead(t('cards.title'), t('cards.sub')),
      h('section', { class: 'panel', 'aria-labelledby': 'cards-heading' },
        heading,
        waiting.length === LIST_SIZE ? h('p', { class: 'notice' }, t('cards.oldest', { count: LIST_SIZE })) : null,
        waiting.length
          ? h('ul', { class: 'card-list' }, waiting.map((member) => cardItem(member, context)))
          : h('p', { class: 'empty' }, t('cards.allSent')),
      ),
    ),
  );
}

function cardItem(member, context) {
  const who = t('common.person', { name: member.name, number: member.number });
  const state = h('span', { class: `mark ${member.card.status === 'OVERDUE' ? 'mark-unsupported' : 'mark-pending'}` }, member.card.status === 'OVERDUE' ? t('cardState.OVERDUE') : t('cardState.REQUESTED'));
  const note = h('span', { class: 'sub' }, t('cards.requestedOn', { day: day(member.card.requestedAt.slice(0, 10)) }));
  const button = h('button', { type: 'button', class: 'button button-small', 'aria-label': t('cards.markSentLabel', { who }) }, t('cards.markSent'));
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const { markCardSent: card } = await context.api(MARK_SENT, { memberId: member.id });
      state.className = 'mark mark-sent';
      state.textContent = t('cardState.SENT');
      note.textContent = t('cards.sentOn', { day: day(card.sentAt.slice(0, 10)) });
      button.remove();
      announce(t('cards.markedSent', { who }));
    } catch (error) {
      button.disabled = false;
      note.textContent = t('cards.notMarked', { message: error.message });
    }
  });
  return h('li', { class: 'card-to-send', 'aria-label': who },
    h('div', { class: 'card-to-send-who' }, h('strong', null, who), state, note),
    h('p', { class: 'address-lines' }, t('account.addressLine', { ...member.address, country: placeName(member.country) })),
    h('div', { class: 'actions' }, button),
  );
}
