/** The admin's list of membership cards to send (requested or overdue), each with "mark sent". */
import { announce, h } from '../dom.js';
import { day, plural } from '../format.js';
import { errorPanel, loadingPanel, pageHead } from './common.js';

const CARDS_TO_SEND = /* GraphQL */ `
  query CardsToSend($first: Int) {
    cardsToSend(first: $first) {
      id number name
      address { street postalCode city }
      country { name }
      card { status requestedAt sentAt }
    }
  }`;

const MARK_SENT = /* GraphQL */ `mutation MarkCardSent($memberId: ID!) { markCardSent(memberId: $memberId) { status sentAt } }`;

/** The oldest requests first (so the overdue ones lead); once these are sent, the next ones come. */
const LIST_SIZE = 200;

export async function renderCards(main, context) {
  const loading = loadingPanel('Looking for cards to send…');
  main.append(loading);
  let found;
  try {
    found = (await context.api(CARDS_TO_SEND, { first: LIST_SIZE })).cardsToSend;
  } catch (error) {
    if (context.isCurrent()) loading.replaceWith(errorPanel('The cards could not be loaded', error));
    return;
  }
  if (!context.isCurrent()) return;
  const waiting = found;
  const overdue = waiting.filter((m) => m.card.status === 'OVERDUE').length;
  const heading = h('h2', { id: 'cards-heading' }, waiting.length ? `${plural(waiting.length, 'card')} to send${overdue ? `, ${overdue} overdue` : ''}` : 'No cards to send');

  loading.replaceWith(
    h('div', { class: 'page' },
      pageHead('Membership cards', 'A card is sent some weeks after joining; after four weeks it is overdue and the member is told to contact support.'),
      h('section', { class: 'panel', 'aria-labelledby': 'cards-heading' },
        heading,
        waiting.length === LIST_SIZE ? h('p', { class: 'notice' }, `The ${LIST_SIZE} oldest requests; the next ones appear once these are sent.`) : null,
        waiting.length
          ? h('ul', { class: 'card-list' }, waiting.map((member) => cardItem(member, context)))
          : h('p', { class: 'empty' }, 'Every member has their card.'),
      ),
    ),
  );
}

function cardItem(member, context) {
  const who = `${member.name} (${member.number})`;
  const state = h('span', { class: `mark ${member.card.status === 'OVERDUE' ? 'mark-unsupported' : 'mark-pending'}` }, member.card.status === 'OVERDUE' ? 'Overdue' : 'Requested');
  const note = h('span', { class: 'sub' }, `Requested on ${day(member.card.requestedAt.slice(0, 10))}`);
  const button = h('button', { type: 'button', class: 'button button-small', 'aria-label': `Mark sent: the card of ${who}` }, 'Mark sent');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const { markCardSent: card } = await context.api(MARK_SENT, { memberId: member.id });
      state.className = 'mark mark-sent';
      state.textContent = 'Sent';
      note.textContent = `Sent on ${day(card.sentAt.slice(0, 10))}`;
      button.remove();
      announce(`The card of ${who} is marked as sent.`);
    } catch (error) {
      button.disabled = false;
      note.textContent = `Not marked: ${error.message}`;
    }
  });
  return h('li', { class: 'card-to-send', 'aria-label': who },
    h('div', { class: 'card-to-send-who' }, h('strong', null, who), state, note),
    h('p', { class: 'address-lines' }, `${member.address.street}, ${member.address.postalCode} ${member.address.city}, ${member.country.name}`),
    h('div', { class: 'actions' }, button),
  );
}
