// Order data and the deliberately slow ranking the example's page runs on load.
export interface Order {
  readonly id: string;
  readonly customer: string;
  readonly region: string;
  readonly total: number;
  rank: number;
}

const REGIONS = ['north', 'south', 'east', 'west'];

/** Deterministic orders (a linear congruential generator, so every load does the same work). */
export function makeOrders(count: number): Order[] {
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: count }, (_, i) => ({
    id: `o-${i}`,
    customer: `customer-${Math.floor(next() * 500)}`,
    region: REGIONS[i % REGIONS.length]!,
    total: Math.round(next() * 100000) / 100,
    rank: 0,
  }));
}

function similarity(a: Order, b: Order): number {
  let same = 0;
  for (let i = 0; i < a.customer.length && i < b.customer.length; i++) if (a.customer.charCodeAt(i) === b.customer.charCodeAt(i)) same++;
  return same / Math.max(a.customer.length, b.customer.length) + (a.region === b.region ? 0.1 : 0);
}

/** The long task on load: compares every order with every other one (quadratic on purpose). */
export function rankOrders(orders: Order[]): Order[] {
  for (const a of orders) {
    let rank = 0;
    for (const b of orders) if (a !== b && similarity(a, b) > 0.8 && b.total > a.total) rank++;
    a.rank = rank;
  }
  return orders;
}
