/**
 * A table that reads as a table on a desktop and as one card per row on a phone (.table-stack in
 * styles.css): each cell carries its column's name for the phone layout. The roles are explicit
 * because Chromium drops a table's semantics once CSS changes its display.
 */
import { h } from './dom.js';

/**
 * columns: ['Model', 'Serial number', …]; the first column heads each row.
 * rows: [{ cells: [content, …], attrs: { … } }].
 */
export function stackedTable({ caption, columns, rows, className = '' }) {
  return h('div', { class: 'table-wrap' },
    h('table', { class: `table table-stack ${className}`, role: 'table' },
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', { role: 'rowgroup' }, h('tr', { role: 'row' }, columns.map((label) => h('th', { scope: 'col', role: 'columnheader' }, label)))),
      h('tbody', { role: 'rowgroup' },
        rows.map(({ cells, attrs }) =>
          h('tr', { role: 'row', ...attrs },
            cells.map((content, i) =>
              i === 0
                ? h('th', { scope: 'row', role: 'rowheader', 'data-label': columns[i] }, content)
                : h('td', { role: 'cell', 'data-label': columns[i] }, content)),
          )),
      ),
    ),
  );
}
