import { Histogram, type Aggregator, type HistogramConfiguration, type MetricObjectWithValues, type MetricValueWithName } from 'prom-client';

/** One label set's counts: per bucket (not cumulative), then the sum and count of every observation. */
interface Series {
  readonly labels: Readonly<Record<string, string>>;
  readonly buckets: number[];
  sum: number;
  count: number;
}

/** An observation of one label set, bound once. */
export interface Observer {
  observe(value: number): void;
}

/** The value pairs prom-client's registry formats: `sharedLabels` are the series' labels, `labels` the bucket's. */
interface ExportValue {
  readonly labels: Record<string, string | number>;
  readonly sharedLabels: Readonly<Record<string, string>>;
  readonly value: number;
  readonly metricName: string;
  readonly exemplar: null | undefined;
}

/** A metric as prom-client's histogram exports it, in its key order. */
interface Exported<V> {
  readonly name: string;
  readonly help: string;
  readonly type: 'histogram';
  readonly values: V[];
  readonly aggregator: Aggregator;
}

/**
 * A prom-client `Histogram` whose bound children count in plain arrays, exported at scrape in exactly the form
 * prom-client's own histogram exports (same value pairs, same order: label sets by first observation, buckets,
 * `+Inf`, sum, count). prom-client's bound child validates and hashes its labels on every `observe` (three per
 * model request): its histogram code was 1.86% of the gateway's busy main-thread CPU samples at c64, and the
 * metrics module as a whole fell from 3.61% to 1.74% with this class (`--cpu-prof`, 20,000 requests of the LLM
 * benchmark's load). The scrape text is the same (a test compares the two).
 */
export class ScrapedHistogram<L extends string> extends Histogram<L> {
  readonly #name: string;
  readonly #help: string;
  readonly #aggregator: Aggregator;
  readonly #bounds: readonly number[];
  readonly #bucketName: string;
  readonly #series = new Map<string, Series>();

  constructor(config: HistogramConfiguration<L> & { readonly buckets: readonly number[] }) {
    super({ ...config, buckets: [...config.buckets] });
    this.#name = config.name;
    this.#help = config.help;
    this.#aggregator = config.aggregator ?? 'sum';
    this.#bounds = [...config.buckets];
    this.#bucketName = `${config.name}_bucket`;
  }

  /**
   * The observer of the label set named `key`; `labels` gives its values (in label-name order). The series
   * appears at its first observation, as prom-client's does.
   */
  child(key: string, labels: () => Readonly<Record<L, string>>): Observer {
    const all = this.#series;
    const bounds = this.#bounds;
    let series = all.get(key);
    return {
      observe(value) {
        // prom-client refuses the same values with the same error.
        if (!Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${value}`);
        if (series === undefined) {
          series = all.get(key);
          if (series === undefined) all.set(key, (series = { labels: labels(), buckets: bounds.map(() => 0), sum: 0, count: 0 }));
        }
        series.sum += value;
        series.count += 1;
        for (let i = 0; i < bounds.length; i++) {
          if (value <= (bounds[i] as number)) {
            series.buckets[i] = (series.buckets[i] as number) + 1;
            return;
          }
        }
      },
    };
  }

  /** What the registry formats (the method prom-client's registry looks for first). */
  async getForPromString(): Promise<Exported<ExportValue>> {
    return this.#exported(this.#values());
  }

  /** The same values with each series' labels merged into its buckets' (prom-client's `get`). */
  override async get(): Promise<MetricObjectWithValues<MetricValueWithName<L>>> {
    const values = this.#values().map(({ sharedLabels, labels, ...rest }) => ({ ...rest, labels: { ...labels, ...sharedLabels } }));
    // prom-client's types declare a `collect` that its own `get` never returns.
    return this.#exported(values) as unknown as MetricObjectWithValues<MetricValueWithName<L>>;
  }

  override reset(): void {
    // prom-client's constructor calls `reset` before this class's fields exist.
    if (#series in this) this.#series.clear();
  }

  #exported<V>(values: V[]): Exported<V> {
    return { name: this.#name, help: this.#help, type: 'histogram', values, aggregator: this.#aggregator };
  }

  #values(): ExportValue[] {
    const out: ExportValue[] = [];
    const name = this.#name;
    for (const s of this.#series.values()) {
      let acc = 0;
      for (let i = 0; i < this.#bounds.length; i++) {
        acc += s.buckets[i] as number;
        out.push({ labels: { le: this.#bounds[i] as number }, sharedLabels: s.labels, value: acc, metricName: this.#bucketName, exemplar: null });
      }
      out.push({ labels: { le: '+Inf' }, sharedLabels: s.labels, value: s.count, metricName: this.#bucketName, exemplar: null });
      out.push({ labels: {}, sharedLabels: s.labels, value: s.sum, metricName: `${name}_sum`, exemplar: undefined });
      out.push({ labels: {}, sharedLabels: s.labels, value: s.count, metricName: `${name}_count`, exemplar: undefined });
    }
    return out;
  }
}
