/**
 * Yuan as the platforms send it ("39.90", 39.9, "39") to integer fen, without floating-point
 * drift: 0.1 + 0.2 style errors would make a stored amount differ from the platform's by 1 fen.
 *
 * @example yuanToFen('39.90') // → 3990
 */
export function yuanToFen(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const text = typeof value === 'number' ? value.toFixed(2) : value.trim();
  const m = /^(-?)(\d+)(?:\.(\d{1,2})\d*)?$/.exec(text);
  if (!m) throw new Error(`not an amount in yuan: ${JSON.stringify(value)}`);
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -fen : fen;
}

/** Integer fen to the two-decimal yuan string TOP and JD send. @example fenToYuan(3990) // → '39.90' */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
