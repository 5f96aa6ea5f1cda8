// The part of autocannon 9's programmatic API the bench uses. autocannon ships no types and the
// project does not need @types/autocannon for anything else.
declare module 'autocannon' {
  function autocannon(options: autocannon.Options & { skipAggregateResult: true }): autocannon.Instance<autocannon.RawResult>;
  function autocannon(options: autocannon.Options): autocannon.Instance<autocannon.Result>;

  namespace autocannon {
    interface Histogram {
      average: number;
      mean: number;
      stddev: number;
      min: number;
      max: number;
      total: number;
      p2_5: number;
      p50: number;
      p75: number;
      p90: number;
      p97_5: number;
      p99: number;
      p99_9: number;
    }

    interface Options {
      url: string;
      method?: string;
      headers?: Record<string, string>;
      body?: string;
      connections?: number;
      /** Seconds; fractions allowed. */
      duration?: number;
      timeout?: number;
      pipelining?: number;
      title?: string;
      /** Milliseconds between samples; a run stops only on a sample tick, so this is also the stop granularity. */
      sampleInt?: number;
      /** Return the raw (mergeable) result; merge several with autocannon.aggregateResult. */
      skipAggregateResult?: boolean;
      /** A sequence of requests; setupRequest may change each one before it is sent (e.g. its path). */
      requests?: RequestDefinition[];
      /** Called with each connection's client when it is made, before it sends anything. */
      setupClient?: (client: Client) => void;
    }

    interface RequestDefinition {
      path?: string;
      method?: string;
      setupRequest?: (request: { path?: string; method?: string }) => { path?: string; method?: string };
    }

    /** One connection. */
    interface Client {
      /** Replaces the request definitions this connection cycles through. */
      setRequests(requests: RequestDefinition[]): void;
    }

    /** What a run returns with skipAggregateResult: counters, and histograms still encoded. */
    interface RawResult {
      duration: number;
      errors: number;
      timeouts: number;
      non2xx: number;
      '2xx': number;
      totalCompletedRequests: number;
      statusCodeStats: Record<string, { count: number }>;
    }

    interface Result {
      title?: string;
      url: string;
      duration: number;
      errors: number;
      timeouts: number;
      non2xx: number;
      '2xx': number;
      statusCodeStats: Record<string, { count: number }>;
      latency: Histogram;
      requests: Histogram & { sent: number };
      throughput: Histogram;
    }

    /** An event emitter that is also thenable (no callback given). */
    interface Instance<T> extends PromiseLike<T> {
      stop?: () => void;
    }

    /** Merges raw results (their latency histograms too). Counters are summed; `duration` is not. */
    function aggregateResult(results: RawResult[], options: Options): Result;
  }

  export = autocannon;
}
