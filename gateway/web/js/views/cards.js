/** The admin's list of membership cards to send (requested or overdue), each with "mark sent". */
import { announce, h } from '../dom.js';
import { day, plural } from '../format.js';
import { errorPanel, loadingPanel, pageHead } from './common.js';

const PAGE = /* GraphQL */ `
  query MembersCards($after: ID, $first: Int) {
    members(after: $after, first: $first) {
      id number name
      address { street postalCode city }
      country { name }
      card { status requestedAt sentAt }
    }
  }`;

const MARK_SENT = /* GraphQL */ `mutation MarkCardSent($memberId: ID!) { markCardSent(memberId: $memberId) { status sentAt } }`;

const PAGE_SIZE = 200;
// The API lists members a page at a time and cannot filter by card state: look at this many at most.
const MAX_PAGES = 25;

async function cardsToSend(api) {
  const waiting = [];
  let after = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { members } = await api(PAGE, { after, first: PAGE_SIZE });
    waiting.push(...members.filter((m) => m.card.status !== 'SENT'));
    if (members.length < PAGE_SIZE) return { waiting, complete: true };
    after = members[members.length - 1].id;
  }
  return { waiting, complete: false };
}

// Overdue first, then the longest waiting.
const order = (a, b) => (a.card.status === b.card.status ? a.card.requestedAt.localeCompare(b.card.requestedAt) : a.card.status === 'OVERDUE' ? -1 : 1);

export async function renderCards(main, context) {
  const loading = loadingPanel('Looking for cards to send…');
  main.append(loading);
  let found;
  try {
    found = await cardsToSend(context.api);
  } catch (error) {
    if (context.isCurrent()) loading.replaceWith(errorPanel('The cards could not be loaded', error));
    return;
  }
  if (!context.isCurrent()) return;
  const waiting = found.waiting.sort(order);
  const overdue = waiting.filter((m) => m.card.status === 'OVERDUE').length;
  const heading = h('h2', { id: 'cards-heading' }, waiting.length ? `${plural(waiting.length, 'card')} to send${overdue ? `, ${overdue} overdue` : ''}` : 'No cards to send');

  loading.replaceWith(
    h('div', { class: 'page' },
      pageHead('Membership cards', 'A card is sent some weeks after joining; after four weeks it is overdue and the member is told to contact support.'),
      h('section', { class: 'panel', 'aria-labelledby': 'cards-heading' },
        heading,
        found.complete ? null : h('p', { class: 'notice notice-warning' }, `Only the first ${PAGE_SIZE * MAX_PAGES} members were looked at.`),
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
