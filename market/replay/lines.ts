/**
 * Splits a byte stream into text lines without holding the whole file.
 *
 * @module
 */

/**
 * Yields the lines of a UTF-8 stream (without their "\n" or "\r\n") a
 * decoded chunk at a time: one promise per chunk instead of one per line,
 * which is most of the cost of reading a year of 1m klines line by line.
 *
 * @example
 * ```ts
 * const file = await Deno.open("market/replay/testdata/btcusdt_1m_sample.csv");
 * for await (const lines of readLineChunks(file.readable)) {
 *   for (const line of lines) if (line.startsWith("#")) continue;
 * }
 * ```
 */
export async function* readLineChunks(
  stream: ReadableStream<Uint8Array>,
): AsyncGenerator<string[]> {
  let rest = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    rest += chunk;
    const lines: string[] = [];
    let start = 0;
    for (let nl = rest.indexOf("\n"); nl !== -1; nl = rest.indexOf("\n", start)) {
      const end = nl > start && rest.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      lines.push(rest.slice(start, end));
      start = nl + 1;
    }
    rest = rest.slice(start);
    if (lines.length > 0) yield lines;
  }
  if (rest.length > 0) yield [rest.endsWith("\r") ? rest.slice(0, -1) : rest];
}

/**
 * Yields each line of a UTF-8 stream (without its "\n" or "\r\n"), one
 * chunk of the file in memory at a time.
 *
 * @example
 * ```ts
 * const file = await Deno.open("market/replay/testdata/btcusdt_1m_sample.csv");
 * for await (const line of readLines(file.readable)) {
 *   if (line.startsWith("#")) continue;
 * }
 * ```
 */
export async function* readLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  for await (const lines of readLineChunks(stream)) yield* lines;
}
