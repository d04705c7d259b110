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

// Everything but letters, digits and the platforms' mask character.
const NOT_KEPT = /[^\p{L}\p{N}*]/gu;
// Common hanzi, lower-case ASCII letters, digits, `*` and spaces: NFKC and lower-casing leave
// these as they are, so folding only drops the spaces (most detail lines, and much cheaper).
const PLAIN = /^[\u4e00-\u9fffa-z0-9*\s]*$/;
const SPACES = /\s+/g;
const SPACE = /\s/;

/** Full-width to half-width, lower case, no whitespace or punctuation. */
function fold(s: string): string {
  if (PLAIN.test(s)) return s.replace(SPACES, '');
  return s.normalize('NFKC').toLowerCase().replace(NOT_KEPT, '');
}

/** The detail line folded for comparison: 号/幢/栋/单元/室 and # kept as digits' separators. */
export function normaliseDetail(detail: string | null | undefined): string {
  const s = detail ?? '';
  if (PLAIN.test(s)) return plainDetail(s);
  return fold(s).replace(/[栋幢座]/g, '栋').replace(/(号楼|号)/g, '号');
}

/**
 * `normaliseDetail` of a PLAIN text in one pass (most detail lines, scored by the dozen per
 * paid order): spaces dropped, 幢/座 written 栋, and 号楼 written 号.
 */
function plainDetail(s: string): string {
  let out = '';
  let afterHao = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === ' ' || SPACE.test(ch)) continue;
    if (ch === '楼' && afterHao) {
      afterHao = false;
      continue;
    }
    out += ch === '幢' || ch === '座' ? '栋' : ch;
    afterHao = ch === '号';
  }
  return out;
}

/** A text's character bigrams (pairs of UTF-16 units) as numbers; a text of one unit is its own gram. */
function bigrams(s: string): number[] {
  if (s.length === 1) return [-1 - s.charCodeAt(0)];
  const out: number[] = [];
  for (let i = 0; i + 1 < s.length; i++) out.push(s.charCodeAt(i) * 0x10000 + s.charCodeAt(i + 1));
  return out;
}

/**
 * Dice's coefficient against one fixed text, its bigrams listed once. Detail lines are short,
 * so each gram of the other text is looked for along the list (no map to build per call).
 */
function textMatcher(a: string): (b: string) => number {
  const ga = bigrams(a);
  const used = new Uint8Array(ga.length);
  return (b) => {
    if (a === b) return a.length === 0 ? 0 : 1;
    const gb = bigrams(b);
    const total = ga.length + gb.length;
    if (total === 0) return 0;
    used.fill(0);
    let shared = 0;
    for (const g of gb) {
      for (let j = 0; j < ga.length; j++) {
        if (used[j] === 0 && ga[j] === g) {
          used[j] = 1;
          shared++;
          break;
        }
      }
    }
    return (2 * shared) / total;
  };
}

/** Dice's coefficient over character bigrams: 1 for equal strings, 0 when nothing is shared. */
export function textSimilarity(a: string, b: string): number {
  return textMatcher(a)(b);
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
 * `addressSimilarity` with one side fixed: its regions and detail are normalised once, and the
 * region names of the others once per spelling, so scoring an address against the many open
 * orders of its district costs little per candidate.
 *
 * @example
 * const score = addressMatcher(order.ship_to);
 * const best = Math.max(0, ...candidates.map(score));
 */
export function addressMatcher(a: AddressValue | null | undefined): (b: AddressValue | null | undefined) => number {
  if (!a) return () => 0;
  const regions = new Map<string, string>();
  const region = (name: string | null | undefined): string => {
    const key = name ?? '';
    let n = regions.get(key);
    if (n === undefined) regions.set(key, (n = normaliseRegion(key)));
    return n;
  };
  const province = region(a.province);
  const city = region(a.city);
  const district = region(a.district);
  const detail = textMatcher(normaliseDetail(a.detail));
  return (b) => {
    if (!b || region(b.district) !== district || region(b.city) !== city || region(b.province) !== province) return 0;
    if (a.hash && b.hash && a.hash === b.hash) return 1;
    return detail(normaliseDetail(b.detail));
  };
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
  return addressMatcher(a)(b);
}
