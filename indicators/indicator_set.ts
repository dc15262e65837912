/**
 * The analyzer's default bundle of indicators, updated together per candle
 * and read as one flat record with stable names.
 *
 * @module
 */
import type { Candle } from "../messages/payloads.ts";
import { Atr } from "./atr.ts";
import { BollingerBands, type BollingerOptions, bollingerParams } from "./bollinger.ts";
import { Ema } from "./ema.ts";
import { Macd, type MacdOptions, macdPeriods } from "./macd.ts";
import { Obv } from "./obv.ts";
import { Rsi } from "./rsi.ts";
import { Sma } from "./sma.ts";
import { Stochastic, type StochasticOptions, stochasticPeriods } from "./stochastic.ts";
import { requireInteger } from "./validate.ts";
import { VolumeZScore } from "./volume_zscore.ts";
import { Vwap } from "./vwap.ts";

/** Parameters of an {@link IndicatorSet}; every field has a default. */
export interface IndicatorSetParams {
  /** SMA periods, each giving `sma_<period>` (default [20, 50]). */
  sma?: readonly number[];
  /** EMA periods, each giving `ema_<period>` (default [12, 26]). */
  ema?: readonly number[];
  /** RSI period, giving `rsi_<period>` (default 14). */
  rsi?: number;
  /** MACD periods (default 12/26/9), giving `macd`, `macd_signal`, `macd_hist`. */
  macd?: MacdOptions;
  /** Bollinger (default 20/2), giving `bb_upper`, `bb_middle`, `bb_lower`, `bb_pct_b`, `bb_width`. */
  bollinger?: BollingerOptions;
  /** ATR period, giving `atr_<period>` (default 14). */
  atr?: number;
  /** Stochastic periods (default 14/3), giving `stoch_k`, `stoch_d`. */
  stochastic?: StochasticOptions;
  /** Volume z-score baseline, giving `volume_z_<period>` (default 20). */
  volumeZ?: number;
}

/** The candle fields the set reads. */
export type IndicatorCandle = Pick<Candle, "openTime" | "high" | "low" | "close" | "volume">;

/** Indicator name → value; `null` while that indicator warms up. */
export type IndicatorValues = Record<string, number | null>;

const KNOWN_PARAMS = new Set([
  "sma",
  "ema",
  "rsi",
  "macd",
  "bollinger",
  "atr",
  "stochastic",
  "volumeZ",
]);

/**
 * SMA, EMA, RSI, MACD, Bollinger, ATR, Stochastic, OBV, session VWAP and
 * volume z-score, fed one candle at a time.
 *
 * @example
 * ```ts
 * import { IndicatorSet } from "./indicator_set.ts";
 * const set = new IndicatorSet({ sma: [20, 50] });
 * const candle = { openTime: 0, high: 101, low: 99, close: 100, volume: 5 };
 * const values = set.update(candle); // { sma_20: null, …, obv: 0, vwap: 100, … }
 * const kept = { ...values }; // the record is reused by the next update
 * set.warmup; // 50: candles before every value is non-null
 * ```
 */
export class IndicatorSet {
  /** Candles needed before every value is non-null (for non-degenerate input). */
  readonly warmup: number;
  /** Output names in record order. */
  readonly keys: readonly string[];
  readonly #values: IndicatorValues;
  readonly #smas: Sma[];
  readonly #smaKeys: string[];
  readonly #emas: Ema[];
  readonly #emaKeys: string[];
  readonly #rsi: Rsi;
  readonly #rsiKey: string;
  readonly #macd: Macd;
  readonly #bollinger: BollingerBands;
  readonly #atr: Atr;
  readonly #atrKey: string;
  readonly #stochastic: Stochastic;
  readonly #obv = new Obv();
  readonly #vwap = new Vwap();
  readonly #volumeZ: VolumeZScore;
  readonly #volumeZKey: string;

  /** @param params periods; omitted fields take the defaults */
  constructor(params: IndicatorSetParams = {}) {
    if (typeof params !== "object" || params === null || Array.isArray(params)) {
      throw new TypeError(`params must be an object, received ${JSON.stringify(params)}`);
    }
    for (const key of Object.keys(params)) {
      if (!KNOWN_PARAMS.has(key)) {
        throw new RangeError(
          `params.${key} is not an indicator parameter; expected one of ${
            [...KNOWN_PARAMS].join(", ")
          }`,
        );
      }
    }
    const smaPeriods = periodList("sma", params.sma ?? [20, 50]);
    const emaPeriods = periodList("ema", params.ema ?? [12, 26]);
    const rsiPeriod = requireInteger("rsi", params.rsi ?? 14);
    const macd = macdPeriods(params.macd);
    const bollinger = bollingerParams(params.bollinger);
    const atrPeriod = requireInteger("atr", params.atr ?? 14);
    const stochastic = stochasticPeriods(params.stochastic);
    const volumeZPeriod = requireInteger("volumeZ", params.volumeZ ?? 20, 2);

    this.#smas = smaPeriods.map((p) => new Sma(p));
    this.#smaKeys = smaPeriods.map((p) => `sma_${p}`);
    this.#emas = emaPeriods.map((p) => new Ema(p));
    this.#emaKeys = emaPeriods.map((p) => `ema_${p}`);
    this.#rsi = new Rsi(rsiPeriod);
    this.#rsiKey = `rsi_${rsiPeriod}`;
    this.#macd = new Macd(macd);
    this.#bollinger = new BollingerBands(bollinger);
    this.#atr = new Atr(atrPeriod);
    this.#atrKey = `atr_${atrPeriod}`;
    this.#stochastic = new Stochastic(stochastic);
    this.#volumeZ = new VolumeZScore(volumeZPeriod);
    this.#volumeZKey = `volume_z_${volumeZPeriod}`;

    this.keys = [
      ...this.#smaKeys,
      ...this.#emaKeys,
      this.#rsiKey,
      "macd",
      "macd_signal",
      "macd_hist",
      "bb_upper",
      "bb_middle",
      "bb_lower",
      "bb_pct_b",
      "bb_width",
      this.#atrKey,
      "stoch_k",
      "stoch_d",
      "obv",
      "vwap",
      this.#volumeZKey,
    ];
    const values: IndicatorValues = {};
    for (const key of this.keys) values[key] = null;
    this.#values = values;

    this.warmup = Math.max(
      ...this.#smas.map((s) => s.warmup),
      ...this.#emas.map((e) => e.warmup),
      this.#rsi.warmup,
      this.#macd.warmup,
      this.#bollinger.warmup,
      this.#atr.warmup,
      this.#stochastic.warmup,
      this.#obv.warmup,
      this.#vwap.warmup,
      this.#volumeZ.warmup,
    );
  }

  /**
   * Feeds one closed candle to every indicator. Returns the set's record,
   * which is reused (overwritten) by the next update: copy it to keep it.
   */
  update(candle: IndicatorCandle): Readonly<IndicatorValues> {
    const { openTime, high, low, close, volume } = candle;
    const values = this.#values;
    for (let i = 0; i < this.#smas.length; i++) {
      values[this.#smaKeys[i]!] = this.#smas[i]!.update(close);
    }
    for (let i = 0; i < this.#emas.length; i++) {
      values[this.#emaKeys[i]!] = this.#emas[i]!.update(close);
    }
    values[this.#rsiKey] = this.#rsi.update(close);
    const macd = this.#macd.update(close);
    values.macd = macd === null ? null : macd.macd;
    values.macd_signal = macd === null ? null : macd.signal;
    values.macd_hist = macd === null ? null : macd.histogram;
    const bb = this.#bollinger.update(close);
    values.bb_upper = bb === null ? null : bb.upper;
    values.bb_middle = bb === null ? null : bb.middle;
    values.bb_lower = bb === null ? null : bb.lower;
    values.bb_pct_b = bb === null ? null : bb.percentB;
    values.bb_width = bb === null ? null : bb.bandwidth;
    values[this.#atrKey] = this.#atr.update(high, low, close);
    const stoch = this.#stochastic.update(high, low, close);
    values.stoch_k = stoch === null ? null : stoch.k;
    values.stoch_d = stoch === null ? null : stoch.d;
    values.obv = this.#obv.update(close, volume);
    values.vwap = this.#vwap.update(openTime, high, low, close, volume);
    values[this.#volumeZKey] = this.#volumeZ.update(volume);
    return values;
  }
}

function periodList(name: string, periods: unknown): number[] {
  if (!Array.isArray(periods)) {
    throw new TypeError(`${name} must be an array of periods, received ${JSON.stringify(periods)}`);
  }
  const seen = new Set<number>();
  return periods.map((p, i) => {
    const period = requireInteger(`${name}[${i}]`, p);
    if (seen.has(period)) {
      throw new RangeError(
        `${name} lists period ${period} twice; each gives the key ${name}_${period}`,
      );
    }
    seen.add(period);
    return period;
  });
}
