/**
 * Reads a speedscope document from JSON events (jsonStream.ts) in one pass, keeping only what the
 * importer needs: the shared frames, each profile's small fields, its samples as stack nodes of a
 * trie over the file's own frame indices, its weights and events in typed arrays. Memory grows with
 * distinct stacks, not with the file. The first problem found is kept (with where it is) and the
 * rest of the input only tokenized, so a syntax error later in the file still comes first.
 */
import { ProfileBuilder } from '../model/profile';
import { JsonCapture, type JsonHandler, type JsonScalar } from './jsonStream';

/** The frame index the trie uses for an empty sample (speedscope's own indices are ≥ 0). */
export const EMPTY_SAMPLE = -2;
export const EVENT_OPEN = 1;
export const EVENT_CLOSE = 2;

export interface Problem {
  detail: string;
  where?: string;
}

/** A growable array of numbers in a typed array. */
export class NumberColumn<T extends Int32Array | Float64Array> {
  length = 0;
  constructor(
    public data: T,
    private readonly make: (n: number) => T,
  ) {}
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
}
const ints = () => new NumberColumn(new Int32Array(256), (n) => new Int32Array(n));
const floats = () => new NumberColumn(new Float64Array(256), (n) => new Float64Array(n));

export interface StreamedProfile {
  index: number;
  isObject: boolean;
  fields: { type?: unknown; name?: unknown; unit?: unknown; startValue?: unknown; endValue?: unknown };
  /** Trie node (of SpeedscopeReader.trie) per sample, in file order. */
  samples: NumberColumn<Int32Array>;
  weights: NumberColumn<Float64Array>;
  /** Events: time, EVENT_OPEN / EVENT_CLOSE / 0, frame index (NaN when not a number); `odd` holds the values that are not. */
  eventAt: NumberColumn<Float64Array>;
  eventType: NumberColumn<Int32Array>;
  eventFrame: NumberColumn<Float64Array>;
  odd: Map<number, { type?: unknown; frame?: unknown }>;
  /** The largest frame index seen while the shared frames were not known yet, and where. */
  maxFrame: number;
  maxFrameWhere: string;
}

const enum At {
  Top,
  Root,
  Shared,
  Frames,
  Profiles,
  Profile,
  Samples,
  Sample,
  Weights,
  Events,
}
const FIELDS = new Set(['type', 'name', 'unit', 'startValue', 'endValue']);

export class SpeedscopeReader implements JsonHandler {
  /** Shared frames, once their array has been read (null before, or when "shared.frames" is not an array). */
  frames: unknown[] | null = null;
  /** Whether the document is an object with a "shared" object holding a "frames" array, and a "profiles" array. */
  framesSeen = false;
  profilesSeen = false;
  readonly profiles: StreamedProfile[] = [];
  exporter: unknown = undefined;
  problem: (Problem & { profile: number }) | null = null;
  /** Stacks of the file's own frame indices (root first); the importer maps them to its frames at the end. */
  readonly trie = new ProfileBuilder({ format: 'speedscope' });
  /** Called when a profile's last event has been read. */
  onProfileEnd: (p: StreamedProfile) => void = () => {};

  private at = At.Top;
  private member = '';
  private capture: JsonCapture | null = null;
  private captured: (v: unknown) => void = () => {};
  private pendingFrames: unknown[] = [];
  private profile: StreamedProfile | null = null;
  private node = -1;
  private depth = 0;

  beginObject(): void {
    if (this.capture) return this.feed((c) => c.beginObject());
    this.value(true, false);
  }
  beginArray(): void {
    if (this.capture) return this.feed((c) => c.beginArray());
    this.value(false, true);
  }
  scalar(v: JsonScalar): void {
    if (this.capture) return this.feed((c) => c.scalar(v));
    if (this.at === At.Sample) return this.frameRef(v);
    if (this.at === At.Weights) return this.profile!.weights.push(typeof v === 'number' ? v : NaN);
    this.value(false, false, v);
  }
  key(name: string): void {
    if (this.capture) return this.feed((c) => c.key(name));
    this.member = name;
  }
  endObject(): void {
    if (this.capture) return this.feed((c) => c.endObject());
    if (this.at === At.Profile) {
      this.onProfileEnd(this.profile!);
      this.at = At.Profiles;
    } else if (this.at === At.Shared) this.at = At.Root;
    else if (this.at === At.Root) this.at = At.Top;
  }
  endArray(): void {
    if (this.capture) return this.feed((c) => c.endArray());
    switch (this.at) {
      case At.Sample:
        this.endSample();
        break;
      case At.Samples:
      case At.Weights:
      case At.Events:
        this.at = At.Profile;
        break;
      case At.Frames:
        this.frames = this.pendingFrames;
        this.at = At.Shared;
        break;
      case At.Profiles:
        this.at = At.Root;
        break;
    }
  }

  private fail(detail: string, where?: string): void {
    this.problem ??= { detail, where, profile: this.profile?.index ?? -1 };
  }

  private feed(step: (c: JsonCapture) => void): void {
    const c = this.capture!;
    step(c);
    if (c.done) {
      this.capture = null;
      this.captured(c.value);
    }
  }

  /** Reads (`keep`) or skips the value starting now, then hands it to `then`. */
  private take(keep: boolean, then: (v: unknown) => void, first: (c: JsonCapture) => void): void {
    const c = new JsonCapture(keep);
    first(c);
    if (c.done) then(c.value);
    else {
      this.capture = c;
      this.captured = then;
    }
  }

  /** A value starts (an object, an array or a scalar) where the reader is. */
  private value(object: boolean, array: boolean, v?: JsonScalar): void {
    const first = (c: JsonCapture) => (object ? c.beginObject() : array ? c.beginArray() : c.scalar(v!));
    const skip = () => this.take(false, () => {}, first);
    const p = this.profile;
    switch (this.at) {
      case At.Top:
        if (object) this.at = At.Root;
        else skip();
        return;
      case At.Root:
        if (this.member === 'shared' && object) this.at = At.Shared;
        else if (this.member === 'profiles' && array) {
          this.profilesSeen = true;
          this.at = At.Profiles;
        } else if (this.member === 'exporter') this.take(true, (x) => (this.exporter = x), first);
        else skip();
        return;
      case At.Shared:
        if (this.member === 'frames' && array) {
          this.framesSeen = true;
          this.at = At.Frames;
        } else skip();
        return;
      case At.Frames:
        return this.take(true, (x) => this.pendingFrames.push(x), first);
      case At.Profiles:
        this.profile = newProfile(this.profiles.length, object);
        this.profiles.push(this.profile);
        if (object) this.at = At.Profile;
        else skip();
        return;
      case At.Profile:
        if (FIELDS.has(this.member)) {
          const field = this.member as keyof StreamedProfile['fields'];
          this.take(true, (x) => (p!.fields[field] = x), first);
        } else if (array && this.member === 'samples') this.at = At.Samples;
        else if (array && this.member === 'weights') this.at = At.Weights;
        else if (array && this.member === 'events') this.at = At.Events;
        else skip();
        return;
      case At.Samples:
        if (array) {
          this.at = At.Sample;
          this.node = -1;
          this.depth = 0;
        } else {
          this.fail('a sample is not an array of frame indices', `profiles[${p!.index}].samples[${p!.samples.length}]`);
          skip();
        }
        return;
      case At.Sample:
        // An array or object where a frame index belongs.
        return this.take(true, (x) => this.frameRef(x), first);
      case At.Weights:
        p!.weights.push(NaN);
        return skip();
      case At.Events:
        return this.take(true, (x) => this.event(x), first);
    }
  }

  private frameRef(k: unknown): void {
    const p = this.profile!;
    const d = this.depth++;
    if (this.problem) return;
    const where = `profiles[${p.index}].samples[${p.samples.length}][${d}]`;
    const n = this.frames?.length;
    if (typeof k !== 'number' || !Number.isInteger(k) || k < 0 || k >= (n ?? 2 ** 31)) {
      this.fail(`frame index ${String(k)} is out of range (0..${(n ?? 0) - 1})`, where);
      return;
    }
    if (n === undefined && k > p.maxFrame) {
      p.maxFrame = k;
      p.maxFrameWhere = where;
    }
    this.node = this.trie.stack(this.node, k);
  }

  private endSample(): void {
    this.at = At.Samples;
    if (this.problem) return;
    if (this.node === -1) this.node = this.trie.stack(-1, EMPTY_SAMPLE);
    this.profile!.samples.push(this.node);
  }

  private event(ev: unknown): void {
    const p = this.profile!;
    if (this.problem) return;
    const e = (ev ?? {}) as { type?: unknown; at?: unknown; frame?: unknown };
    const i = p.eventAt.length;
    p.eventAt.push(typeof e.at === 'number' && Number.isFinite(e.at) ? e.at : NaN);
    const type = e.type === 'O' ? EVENT_OPEN : e.type === 'C' ? EVENT_CLOSE : 0;
    p.eventType.push(type);
    p.eventFrame.push(typeof e.frame === 'number' ? e.frame : NaN);
    if (type === 0 || typeof e.frame !== 'number') p.odd.set(i, { type: e.type, frame: e.frame });
  }
}

function newProfile(index: number, isObject: boolean): StreamedProfile {
  return {
    index,
    isObject,
    fields: {},
    samples: ints(),
    weights: floats(),
    eventAt: floats(),
    eventType: ints(),
    eventFrame: floats(),
    odd: new Map(),
    maxFrame: -1,
    maxFrameWhere: '',
  };
}
