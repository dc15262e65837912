/**
 * The number rules every payload schema shares, so a single candle and a
 * column of a batch are held to the same ones. Internal to `messages/`.
 *
 * @module
 */
import { z } from "zod";

/** A finite number: no NaN, no infinities. */
export const finite = z.number().refine(Number.isFinite, "must be a finite number");

/** A finite number that is not negative (volumes). */
export const nonNegative = finite.refine((n) => n >= 0, "must be >= 0");
