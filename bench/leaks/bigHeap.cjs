'use strict';
// The leak bench's program (bench/leaks.bench.ts): a service that holds a large, varied heap (an
// in-memory catalogue of orders with customers, line items, tags, closures and maps, as a real
// server's caches do) and exports `main`, one request, which leaks: each call keeps its session and
// a listener closure in module-level tables that nothing clears. Hotline's leak finder
// (dist/helpers/leak_finder_node.cjs) runs it and takes the two heap snapshots the bench diffs.
// HOTLINE_BENCH_HEAP_ORDERS sets the catalogue's size (the snapshot grows with it).
const { EventEmitter } = require('node:events');

const ORDERS = Number(process.env.HOTLINE_BENCH_HEAP_ORDERS || '300000');

class Customer {
  constructor(id) {
    this.id = id;
    this.name = `customer-${id}`;
    this.email = `c${id}@example.test`;
    this.since = 1600000000000 + id * 1000;
  }
}

class LineItem {
  constructor(sku, qty, price) {
    this.sku = sku;
    this.qty = qty;
    this.price = price;
  }
}

class Order {
  constructor(id, customer) {
    this.id = id;
    this.customer = customer;
    this.items = [];
    this.tags = new Set();
    this.status = id % 3 === 0 ? 'shipped' : 'open';
    this.total = () => this.items.reduce((s, i) => s + i.qty * i.price, 0);
  }
}

const customers = [];
for (let c = 0; c < ORDERS / 10; c++) customers.push(new Customer(c));
const catalogue = new Map();
for (let o = 0; o < ORDERS; o++) {
  const order = new Order(o, customers[o % customers.length]);
  for (let k = 0; k < 1 + (o % 4); k++) order.items.push(new LineItem(`sku-${(o * 7 + k) % 50000}`, 1 + (k % 3), 9.99 + k));
  order.tags.add(`region-${o % 17}`);
  if (o % 5 === 0) order.tags.add('priority');
  catalogue.set(`order-${o}`, order);
}

// The leak: every request's session and the listener it registers stay reachable forever.
class Session {
  constructor(id) {
    this.id = id;
    this.startedAt = Date.now();
    this.history = Array.from({ length: 20 }, (_, i) => ({ step: i, at: this.startedAt + i }));
    this.payload = `session-${id}-`.repeat(8);
  }
}
const sessions = new Map();
const bus = new EventEmitter();
bus.setMaxListeners(0);
let requests = 0;

function main() {
  for (let k = 0; k < 200; k++) {
    const id = requests++;
    const session = new Session(id);
    sessions.set(id, session);
    bus.on('order', (order) => session.history.push({ step: -1, order: order.id }));
  }
  const order = catalogue.get(`order-${requests % ORDERS}`);
  return order ? order.total() : 0;
}

module.exports = { main, catalogue };
