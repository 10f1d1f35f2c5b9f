// Joins orders to their customers and totals the revenue per customer name.
//
// Slow on purpose: each order looks its customer up with `customers.find(...)`, a linear
// scan, inside the loop over orders (the seed anti-pattern "Array.find/includes lookup in
// a loop"). Fix: build `new Map(customers.map((c) => [c.id, c]))` once, then `map.get(id)`.
// Usage: node orders.js [ORDERS]   (default 25000, about 1-2 s)
'use strict';

function makeCustomers(n) {
  const customers = [];
  for (let i = 0; i < n; i++) customers.push({ id: `c${i}`, name: `Customer ${i % 997}` });
  return customers;
}

function makeOrders(n, customerCount) {
  const orders = [];
  for (let i = 0; i < n; i++) {
    orders.push({ id: i, customerId: `c${(i * 7919) % customerCount}`, amount: (i % 50) + 1 });
  }
  return orders;
}

function revenueByCustomer(orders, customers) {
  const revenue = {};
  for (const order of orders) {
    const customer = customers.find((c) => c.id === order.customerId); // HOT
    const name = customer ? customer.name : 'unknown';
    revenue[name] = (revenue[name] || 0) + order.amount;
  }
  return revenue;
}

const count = Number(process.argv[2]) || 25000;
const customers = makeCustomers(20000);
const orders = makeOrders(count, customers.length);
const revenue = revenueByCustomer(orders, customers);
console.log(`${count} orders, ${Object.keys(revenue).length} customers with revenue`);
