// The example's slow interaction: the "Build report" button's click handler runs buildReport(), one
// long synchronous task on the main thread (a few hundred ms), every time it is clicked. Hotline's
// "Record Page Interaction" tests click it and find buildReport at its line as the top frame.
import { makeOrders, type Order } from './orders';

let orders: Order[] | undefined;

/** For every order, the orders of its region that cost more (quadratic on purpose): the long task of a click. */
export function buildReport(all: readonly Order[]): string { // the click's long task (Hotline's tests look for this line)
  let dearer = 0;
  let spread = 0;
  for (let i = 0; i < all.length; i++) {
    const a = all[i]!;
    for (let j = 0; j < all.length; j++) {
      const b = all[j]!;
      if (b.region === a.region && b.total > a.total) {
        dearer++;
        spread = (spread + (b.total - a.total) * ((i ^ j) & 7)) % 1_000_003;
      }
    }
  }
  return `${all.length} orders: ${dearer} dearer pairs in the same region (spread ${spread.toFixed(0)})`;
}

function onBuildReport(): void {
  const start = performance.now();
  orders ??= makeOrders(6000);
  const out = document.getElementById('report')!;
  out.textContent = buildReport(orders);
  // What the page itself measures of the click's work (Hotline's tests hold the long task's duration to it).
  out.dataset.ms = (performance.now() - start).toFixed(1);
}

document.addEventListener('DOMContentLoaded', () => document.getElementById('build-report')!.addEventListener('click', onBuildReport));
