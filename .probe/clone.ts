const n = 1000;
const holey = () => {
  const a = new Array(n);
  for (let i = 0; i < n; i++) a[i] = i * 1.5;
  return a;
};
const packed = () => {
  const a: number[] = [];
  for (let i = 0; i < n; i++) a.push(i * 1.5);
  return a;
};
for (const [name, make] of [["holey", holey], ["packed", packed]] as const) {
  const cols = Array.from({ length: 21 }, make);
  const msg = { payload: Object.fromEntries(cols.map((c, i) => [`c${i}`, c])) };
  for (let w = 0; w < 50; w++) structuredClone(msg);
  const t = performance.now();
  for (let r = 0; r < 500; r++) structuredClone(msg);
  const us = (performance.now() - t) * 1000 / 500;
  console.log(
    name,
    us.toFixed(0),
    "µs per 21k-number message,",
    (us / 1000).toFixed(2),
    "µs per row",
  );
}
