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

/**
 * A text's character bigrams (pairs of UTF-16 units, `first << 16 | second`: 32 bits, compared as
 * small integers); a text of one unit is its own gram (a pair led by U+0000, which folded text
 * never holds).
 */
function bigrams(s: string): Int32Array {
  if (s.length === 1) return Int32Array.of(s.charCodeAt(0));
  const out = new Int32Array(Math.max(0, s.length - 1));
  for (let i = 0; i + 1 < s.length; i++) out[i] = (s.charCodeAt(i) << 16) | s.charCodeAt(i + 1);
  return out;
}

/** A detail line folded (`normaliseDetail`) and cut into bigrams once, to be compared many times. */
export interface FoldedDetail {
  text: string;
  /** The text's bigrams, sorted (`sortedBigrams`). */
  grams: Int32Array;
}

/** The same text as one flat string (V8 keeps a string built by `+=` as a rope until it must read it). */
function flat(s: string): string {
  if (s.length > 0) s.charCodeAt(0);
  return s;
}

/** A text's bigrams in ascending order, so two texts' shared grams are counted in one merge. */
function sortedBigrams(s: string): Int32Array {
  return bigrams(s).sort();
}

/** @example foldDetail('文三路 90 号1幢') // → { text: '文三路90号1栋', grams: Int32Array [...] } */
export function foldDetail(detail: string | null | undefined): FoldedDetail {
  // Made flat (one string of units, not a rope of the pieces it was built from): it is compared
  // with hundreds of others.
  const text = flat(normaliseDetail(detail));
  return { text, grams: sortedBigrams(text) };
}

/**
 * Dice's coefficient of two folded texts: twice the bigrams they share (counted with
 * multiplicity) over the bigrams of both. The grams are sorted, so the shared ones are counted
 * in one merge of the two lists: a district's hundreds of neighbours are scored per paid order.
 */
function dice(a: FoldedDetail, b: FoldedDetail): number {
  if (a.text === b.text) return a.text.length === 0 ? 0 : 1;
  const ga = a.grams;
  const gb = b.grams;
  const total = ga.length + gb.length;
  if (total === 0) return 0;
  let shared = 0;
  let i = 0;
  let j = 0;
  // Branch-free steps: which list moves on is data, not a jump the CPU mispredicts half the time.
  const na = ga.length;
  const nb = gb.length;
  while (i < na && j < nb) {
    const x = ga[i]!;
    const y = gb[j]!;
    shared += +(x === y);
    i += +(x <= y);
    j += +(y <= x);
  }
  return (2 * shared) / total;
}

/** Dice's coefficient over character bigrams: 1 for equal strings, 0 when nothing is shared. */
export function textSimilarity(a: string, b: string): number {
  return dice({ text: a, grams: sortedBigrams(a) }, { text: b, grams: sortedBigrams(b) });
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
  const sameDistrict = sameDistrictScorer(a);
  return (b) => {
    if (!b || region(b.district) !== district || region(b.city) !== city || region(b.province) !== province) return 0;
    return sameDistrict({ detail: foldDetail(b.detail), hash: b.hash });
  };
}

/** An address of the same district as the fixed one, its detail already folded. */
export interface DistrictNeighbour {
  detail: FoldedDetail;
  hash?: string | null;
}

/**
 * `addressMatcher` for candidates known to be in the same province, city and district (read by
 * region from an index) whose details were folded once: the same platform address hash is 1,
 * otherwise Dice's coefficient of the folded details. Given a `floor` (the best score so far), a
 * neighbour whose score cannot exceed it may be answered 0 without comparing.
 *
 * @example
 * const score = sameDistrictScorer(order.ship_to);
 * const best = Math.max(0, ...neighbours.map(score));
 */
export function sameDistrictScorer(a: AddressValue): (b: DistrictNeighbour, floor?: number) => number {
  const detail = foldDetail(a.detail);
  const own = detail.grams.length;
  return (b, floor = 0) => {
    if (a.hash && b.hash && a.hash === b.hash) return 1;
    // Dice is at most 2·min/(sum) of the two gram counts: a neighbour that cannot beat `floor`
    // (the best found so far) is not compared.
    const other = b.detail.grams.length;
    if (floor > 0 && (2 * Math.min(own, other)) / (own + other) <= floor) return 0;
    return dice(detail, b.detail);
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

/**
 * The neighbours of one district indexed by bigram, to score many addresses against all of them:
 * each address's shared bigrams are counted from the postings of its own grams, not by comparing
 * it with every neighbour. Worth it when several addresses are scored against the same
 * neighbours (a batch of orders in one district); the scores are exactly `sameDistrictScorer`'s.
 *
 * @example
 * const index = new NeighbourIndex(neighbours);
 * const scores = index.scores(order.ship_to); // scores[i] is the score of neighbours[i]
 */
export class NeighbourIndex {
  /** Per gram: the neighbours holding it and how many times each holds it. */
  private readonly postings = new Map<number, { who: number[]; count: number[] }>();
  private readonly sizes: Int32Array;
  private readonly hashes: (string | null | undefined)[];

  constructor(neighbours: readonly DistrictNeighbour[]) {
    this.sizes = new Int32Array(neighbours.length);
    this.shared = new Int32Array(neighbours.length);
    this.out = new Float64Array(neighbours.length);
    this.hashes = neighbours.map((n) => n.hash);
    neighbours.forEach((n, i) => {
      const grams = n.detail.grams;
      this.sizes[i] = grams.length;
      eachRun(grams, (gram, count) => {
        const list = this.postings.get(gram);
        if (list) {
          list.who.push(i);
          list.count.push(count);
        } else this.postings.set(gram, { who: [i], count: [count] });
      });
    });
  }

  // Reused by every `scores` call (it runs to the end without yielding).
  private readonly shared: Int32Array;
  private readonly out: Float64Array;

  /** The score of `a` against each neighbour, in the order they were given (valid until the next call). */
  scores(a: AddressValue): Float64Array {
    const n = this.sizes.length;
    const { out, shared } = this;
    shared.fill(0);
    const own = foldDetail(a.detail).grams;
    eachRun(own, (gram, mine) => {
      const list = this.postings.get(gram);
      if (!list) return;
      for (let k = 0; k < list.who.length; k++) shared[list.who[k]!]! += Math.min(mine, list.count[k]!);
    });
    for (let i = 0; i < n; i++) {
      const total = own.length + this.sizes[i]!;
      out[i] = a.hash && this.hashes[i] && a.hash === this.hashes[i] ? 1 : total === 0 ? 0 : (2 * shared[i]!) / total;
    }
    return out;
  }
}

/** Each distinct value of a sorted list, with how many times it occurs. */
function eachRun(sorted: Int32Array, visit: (value: number, count: number) => void): void {
  for (let i = 0; i < sorted.length; ) {
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    visit(sorted[i]!, j - i);
    i = j;
  }
}
