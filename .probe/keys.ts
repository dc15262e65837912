const a: number[] = [];
for (let i = 0; i < 1000; i++) a.push(i * 1.5);
let x = 0;
for (
  const [name, f] of [["Object.keys", () => Object.keys(a).length === a.length], ["forin", () => {
    let n = 0;
    for (const _ in a) {
      n++;
    }
    return n === a.length;
  }]] as const
) {
  for (let i = 0; i < 2000; i++) x += f() ? 1 : 0;
  const t = performance.now();
  for (let i = 0; i < 20000; i++) x += f() ? 1 : 0;
  console.log(
    name,
    ((performance.now() - t) * 1000 / 20000).toFixed(2),
    "µs per 1000-element column",
  );
}
