/** An address as records carry it (`docs/architecture.md`); platforms may mask the detail or give only a hash. */
export interface AddressValue {
  province?: string | null;
  city?: string | null;
  district?: string | null;
  detail?: string | null;
  zip?: string | null;
  hash?: string | null;
}

// Longest first, so 自治区 is stripped before 区.
const REGION_SUFFIXES = ['特别行政区', '维吾尔自治区', '壮族自治区', '回族自治区', '自治区', '自治州', '自治县', '地区', '新区', '省', '市', '区', '县', '盟', '旗'];

/**
 * A province, city or district name as people write it in several ways: 浙江省 / 浙江,
 * 杭州市 / 杭州, 西湖区 / 西湖; full-width letters and spaces folded.
 *
 * @example normaliseRegion(' 浙江省 ') // → '浙江'
 */
export function normaliseRegion(name: string | null | undefined): string {
  let s = fold(name ?? '');
  for (const suffix of REGION_SUFFIXES) {
    if (s.length > suffix.length + 1 && s.endsWith(suffix)) {
      s = s.slice(0, -suffix.length);
      break;
    }
  }
  return s;
}

/** The suffixes each level of a Chinese address may carry. */
const LEVEL_SUFFIXES = {
  province: ['省', '市', '自治区', '特别行政区'],
  city: ['市', '自治州', '地区', '盟'],
  district: ['区', '县', '市', '旗'],
} as const;

/**
 * The spellings of a region name a database may hold, for an indexed `IN (…)` lookup. Given the
 * level, only that level's suffixes are tried (fewer index probes: a province is never a 县).
 *
 * @example regionSpellings('西湖区', 'district') // → ['西湖区', '西湖', '西湖县', '西湖市', '西湖旗']
 */
export function regionSpellings(name: string | null | undefined, level?: keyof typeof LEVEL_SUFFIXES): string[] {
  const raw = (name ?? '').trim();
  const base = normaliseRegion(raw);
  const out = new Set<string>([raw, base]);
  for (const suffix of level ? LEVEL_SUFFIXES[level] : ['省', '市', '区', '县', '自治区', '自治州', '特别行政区']) out.add(base + suffix);
  out.delete('');
  return [...out];
}

/** Full-width to half-width, lower case, no whitespace or punctuation. */
function fold(s: string): string {
  let out = '';
  for (const ch of s.normalize('NFKC').toLowerCase()) {
    if (/[\p{L}\p{N}*]/u.test(ch)) out += ch;
  }
  return out;
}

/** The detail line folded for comparison: 号/幢/栋/单元/室 and # kept as digits' separators. */
export function normaliseDetail(detail: string | null | undefined): string {
  return fold(detail ?? '').replace(/[栋幢座]/g, '栋').replace(/(号楼|号)/g, '号');
}

function bigrams(s: string): Map<string, number> {
  const out = new Map<string, number>();
  if (s.length === 1) out.set(s, 1);
  for (let i = 0; i + 1 < s.length; i++) {
    const g = s.slice(i, i + 2);
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

/** Dice's coefficient over character bigrams: 1 for equal strings, 0 when nothing is shared. */
export function textSimilarity(a: string, b: string): number {
  if (a === b) return a.length === 0 ? 0 : 1;
  const ga = bigrams(a);
  const gb = bigrams(b);
  let total = 0;
  for (const n of ga.values()) total += n;
  for (const n of gb.values()) total += n;
  if (total === 0) return 0;
  let shared = 0;
  for (const [g, n] of ga) shared += Math.min(n, gb.get(g) ?? 0);
  return (2 * shared) / total;
}

/** True when province, city and district agree once normalised. */
export function sameDistrict(a: AddressValue, b: AddressValue): boolean {
  return (
    normaliseRegion(a.province) === normaliseRegion(b.province) &&
    normaliseRegion(a.city) === normaliseRegion(b.city) &&
    normaliseRegion(a.district) === normaliseRegion(b.district)
  );
}

/**
 * How alike two shipping addresses are, from 0 to 1. Another province, city or district is 0
 * (one district away is a different place, however alike the street); the same platform address
 * hash (WeChat's `hash_code`, a decrypted OAID match) is 1; otherwise the detail lines are
 * compared by character bigrams after folding width, case, spaces and punctuation, so masked
 * details (`文三路**号`) still compare on what the platform shows.
 *
 * @example
 * addressSimilarity(
 *   { province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 90 号 1 幢 501 室' },
 *   { province: '浙江', city: '杭州', district: '西湖区', detail: '文三路90号1栋501' },
 * ); // ≈ 0.87
 */
export function addressSimilarity(a: AddressValue | null | undefined, b: AddressValue | null | undefined): number {
  if (!a || !b) return 0;
  if (!sameDistrict(a, b)) return 0;
  if (a.hash && b.hash && a.hash === b.hash) return 1;
  return textSimilarity(normaliseDetail(a.detail), normaliseDetail(b.detail));
}
