/**
 * perf script samples by event. `perf report` weighs every sample by its period (the event count it
 * stands for: faults, cycles, nanoseconds of cpu-clock), so the period is the primary weight
 * whenever the samples carry one; a recording of several events (`-e cycles,instructions`) keeps
 * each event in its own weights — summing cycles and instructions means nothing. Per stack node and
 * event: the sample count and the period sum (memory grows with stacks × events, not samples).
 */
import type { WeightType } from '../model/profile';

const CLOCK_EVENTS = new Set(['cpu-clock', 'task-clock']);

export class PerfEventSamples {
  private readonly names: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly rowOf = new Map<number, number>();
  private nodes = new Int32Array(1024);
  /** Per event: samples and period sums per row (a row is one stack node). */
  private counts: Float64Array[] = [];
  private periods: Float64Array[] = [];
  private rows = 0;
  private missingPeriod = false;

  /** Index of an event name, added on first sight. */
  event(name: string): number {
    let e = this.index.get(name);
    if (e === undefined) {
      e = this.names.length;
      this.names.push(name);
      this.index.set(name, e);
      this.counts.push(new Float64Array(this.nodes.length));
      this.periods.push(new Float64Array(this.nodes.length));
    }
    return e;
  }

  get eventNames(): readonly string[] {
    return this.names;
  }

  /** One sample of event `e` at a stack node; `period` null when the header has no period field. */
  add(node: number, e: number, period: number | null): boolean {
    if (period !== null && !(period <= Number.MAX_SAFE_INTEGER)) return false;
    if (period === null) this.missingPeriod = true;
    let row = this.rowOf.get(node);
    if (row === undefined) {
      row = this.rows++;
      if (row >= this.nodes.length) this.grow();
      this.nodes[row] = node;
      this.rowOf.set(node, row);
    }
    this.counts[e]![row]! += 1;
    this.periods[e]![row]! += period ?? 1;
    return true;
  }

  /**
   * Weight types and the per-stack weights: the period of each event (in order of first sight),
   * then the sample count of each event; only sample counts when some sample had no period.
   */
  build(): { weightTypes: WeightType[]; sampleStack: Int32Array; sampleWeights: Float64Array } {
    const one = this.names.length === 1;
    const columns: { type: WeightType; values: Float64Array }[] = [];
    if (!this.missingPeriod) {
      this.names.forEach((name, e) => {
        const clock = CLOCK_EVENTS.has(name);
        columns.push({ type: { name: one && clock ? 'cpu' : name, unit: clock ? 'nanoseconds' : 'count' }, values: this.periods[e]! });
      });
    }
    this.names.forEach((name, e) => columns.push({ type: { name: one ? 'samples' : `${name} samples`, unit: 'samples' }, values: this.counts[e]! }));
    const w = columns.length;
    const sampleWeights = new Float64Array(this.rows * w);
    for (let r = 0; r < this.rows; r++) for (let k = 0; k < w; k++) sampleWeights[r * w + k] = columns[k]!.values[r]!;
    return { weightTypes: columns.map((c) => c.type), sampleStack: this.nodes.slice(0, this.rows), sampleWeights };
  }

  private grow(): void {
    const size = this.nodes.length * 2;
    const nodes = new Int32Array(size);
    nodes.set(this.nodes);
    this.nodes = nodes;
    const bigger = (a: Float64Array) => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    this.counts = this.counts.map(bigger);
    this.periods = this.periods.map(bigger);
  }
}
