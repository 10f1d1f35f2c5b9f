// The page's entry: renders an orders table. Two deliberate problems live here: all of lodash is
// bundled for two of its functions (the oversized dependency), and rankOrders runs as one long task.
import _ from 'lodash';
import { makeOrders, rankOrders, type Order } from './orders';
import './panel';
import './report';

function renderTable(orders: readonly Order[]): void {
  const table = document.getElementById('orders')!;
  const byRegion = _.groupBy(orders.slice(0, 40), (o) => o.region);
  for (const [region, rows] of Object.entries(byRegion)) {
    for (const o of _.sortBy(rows, (r) => -r.total)) {
      const tr = document.createElement('tr');
      for (const cell of [region, o.id, o.customer, o.total.toFixed(2), String(o.rank)]) {
        const td = document.createElement('td');
        td.textContent = cell;
        tr.appendChild(td);
      }
      table.appendChild(tr);
    }
  }
}

function start(): void {
  const orders = rankOrders(makeOrders(2500));
  document.getElementById('summary')!.textContent = `${orders.length} orders ranked`;
  renderTable(orders);
}

document.addEventListener('DOMContentLoaded', start);
