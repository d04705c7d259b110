import { createHash } from 'node:crypto';
import { pick, seededRandom } from './sandbox-random.ts';

/** Where a sandbox order is in its life; each platform renders it in its own words. */
export type SandboxStatus = 'unpaid' | 'paid' | 'shipped' | 'signed' | 'cancelled';
export type SandboxRefund = 'none' | 'requested' | 'refunded';

export interface SandboxLine {
  itemId: number;
  skuId: number;
  skuCode: string;
  title: string;
  qty: number;
  priceFen: number;
}

/** One order in a sandbox shop, platform-neutral; times are ms on whole seconds. */
export interface SandboxOrder {
  seq: number;
  id: string;
  createdAt: number;
  modifiedAt: number;
  paidAt: number | null;
  shippedAt: number | null;
  endAt: number | null;
  status: SandboxStatus;
  refund: SandboxRefund;
  buyer: { nick: string; openId: string };
  receiver: { name: string; phone: string; province: string; city: string; district: string; town: string; detail: string; zip: string; hash: string };
  lines: SandboxLine[];
  postFeeFen: number;
  discountFen: number;
  presale: boolean;
  message: string;
}

export const SANDBOX_CATALOG = [
  { skuCode: 'HG-SN-001', title: '透明收纳盒 大号 3 个装', priceFen: 5990 },
  { skuCode: 'HG-SN-002', title: '抽屉式衣柜收纳箱 66L', priceFen: 8900 },
  { skuCode: 'HG-BW-001', title: '316 不锈钢保温杯 500ml', priceFen: 12900 },
  { skuCode: 'HG-CP-001', title: '纯棉四件套 1.8m 床', priceFen: 39900 },
  { skuCode: 'HG-ZT-001', title: '天然乳胶枕 护颈款 一对', priceFen: 29900 },
  { skuCode: 'HG-MT-001', title: '珊瑚绒毛毯', priceFen: 12900 },
  { skuCode: 'HG-CF-001', title: '麦饭石不粘炒锅 32cm', priceFen: 19900 },
  { skuCode: 'HG-QJ-002', title: '平板免手洗拖把', priceFen: 7990 },
  { skuCode: 'HG-XD-001', title: '香薰蜡烛礼盒', priceFen: 9900 },
] as const;

// Enough districts (a shop selling nationwide ships to hundreds) and full house numbers
// (building, room) that the OMS's similar-address rule sees what it would in a real shop:
// neighbours, not every order on the same few streets.
const PLACES = [
  ['浙江省', '杭州市', '西湖区', '310012'],
  ['浙江省', '杭州市', '拱墅区', '310011'],
  ['浙江省', '宁波市', '鄞州区', '315100'],
  ['广东省', '深圳市', '南山区', '518000'],
  ['广东省', '深圳市', '福田区', '518033'],
  ['广东省', '广州市', '天河区', '510620'],
  ['广东省', '东莞市', '南城街道', '523000'],
  ['上海市', '上海市', '浦东新区', '200120'],
  ['上海市', '上海市', '徐汇区', '200030'],
  ['上海市', '上海市', '闵行区', '201100'],
  ['北京市', '北京市', '朝阳区', '100020'],
  ['北京市', '北京市', '海淀区', '100080'],
  ['北京市', '北京市', '丰台区', '100071'],
  ['四川省', '成都市', '武侯区', '610041'],
  ['四川省', '成都市', '锦江区', '610021'],
  ['江苏省', '南京市', '鼓楼区', '210008'],
  ['江苏省', '苏州市', '工业园区', '215021'],
  ['湖北省', '武汉市', '洪山区', '430074'],
  ['湖南省', '长沙市', '岳麓区', '410083'],
  ['山东省', '青岛市', '市南区', '266071'],
  ['福建省', '厦门市', '思明区', '361005'],
  ['陕西省', '西安市', '雁塔区', '710061'],
  ['河南省', '郑州市', '金水区', '450003'],
  ['天津市', '天津市', '南开区', '300192'],
  ['天津市', '天津市', '河西区', '300202'],
  ['浙江省', '杭州市', '余杭区', '311100'],
  ['浙江省', '杭州市', '滨江区', '310051'],
  ['浙江省', '温州市', '鹿城区', '325000'],
  ['浙江省', '金华市', '义乌市', '322000'],
  ['浙江省', '绍兴市', '越城区', '312000'],
  ['江苏省', '南京市', '江宁区', '211100'],
  ['江苏省', '苏州市', '姑苏区', '215008'],
  ['江苏省', '无锡市', '梁溪区', '214000'],
  ['江苏省', '常州市', '武进区', '213161'],
  ['广东省', '广州市', '越秀区', '510030'],
  ['广东省', '广州市', '番禺区', '511400'],
  ['广东省', '深圳市', '宝安区', '518101'],
  ['广东省', '深圳市', '龙岗区', '518172'],
  ['广东省', '佛山市', '顺德区', '528300'],
  ['上海市', '上海市', '静安区', '200040'],
  ['上海市', '上海市', '杨浦区', '200082'],
  ['上海市', '上海市', '松江区', '201600'],
  ['北京市', '北京市', '东城区', '100010'],
  ['北京市', '北京市', '西城区', '100032'],
  ['北京市', '北京市', '昌平区', '102200'],
  ['四川省', '成都市', '高新区', '610041'],
  ['四川省', '成都市', '双流区', '610200'],
  ['重庆市', '重庆市', '渝北区', '401120'],
  ['重庆市', '重庆市', '九龙坡区', '400050'],
  ['湖北省', '武汉市', '武昌区', '430061'],
  ['湖北省', '武汉市', '江汉区', '430015'],
  ['湖南省', '长沙市', '雨花区', '410011'],
  ['山东省', '济南市', '历下区', '250014'],
  ['山东省', '青岛市', '黄岛区', '266400'],
  ['福建省', '福州市', '鼓楼区', '350001'],
  ['安徽省', '合肥市', '蜀山区', '230031'],
  ['江西省', '南昌市', '红谷滩区', '330038'],
  ['辽宁省', '沈阳市', '和平区', '110001'],
  ['黑龙江省', '哈尔滨市', '南岗区', '150001'],
  ['云南省', '昆明市', '五华区', '650021'],
] as const;
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '林'];
// Streets and housing estates drawn from word lists, as varied as a real district's: the
// platforms mask the numbers (文三路**号), so with a handful of streets every masked address
// would look like every other and the similar-address rule would fire on most orders.
const STREET_WORDS = ['文三', '学院', '解放', '人民', '建设', '和平', '新华', '中山', '长江', '黄河', '青年', '胜利', '光明', '幸福', '东风', '朝阳', '金桥', '望江', '春晖', '桂花', '枫林', '白沙', '南湖', '北辰', '西溪', '东湖', '滨江', '天目', '凤起', '庆春', '延安', '淮海', '复兴', '科技园', '世纪', '建国'];
const STREET_KINDS = ['路', '街', '大道', '巷', '东路', '西路', '南路', '北路'];
const ESTATE_WORDS = ['翠苑', '金都', '锦绣', '华府', '丽景', '绿城', '阳光', '春江', '桂语', '枫丹', '梅园', '兰亭', '竹海', '松涛', '海天', '湖畔', '江南', '山水', '云栖', '星河', '明月', '天悦', '和鸣', '泰和', '安居', '紫金', '碧桂', '万科', '保利', '融创'];
const ESTATE_KINDS = ['小区', '花园', '公寓', '家园', '新村', '嘉园', '名苑', '府'];
/** The share of orders placed by a buyer who ordered before (same account, same address); the rest are first orders. */
const RETURNING_BUYERS = 0.1;

const floorSecond = (ms: number) => Math.floor(ms / 1000) * 1000;

/** Ascending by (modifiedAt, seq): the order of the index the queries binary-search. */
function before(a: SandboxOrder, b: SandboxOrder): boolean {
  return a.modifiedAt < b.modifiedAt || (a.modifiedAt === b.modifiedAt && a.seq < b.seq);
}

export interface SandboxShopOptions {
  /** The platform clock (tests inject theirs). */
  now?: () => number;
  seed?: number;
  /** The platform's order id for a sequence number and creation time. */
  orderId: (seq: number, createdAt: number, random: () => number) => string;
}

/**
 * The order book behind a platform sandbox: orders are created, paid, shipped, signed, cancelled
 * and refunded over time, each change moving `modifiedAt` to the platform clock. Queries return a
 * window newest first, as the platforms do, from an index kept sorted on every change.
 */
export class SandboxShop {
  readonly random: () => number;
  private readonly byId = new Map<string, SandboxOrder>();
  /** Sorted ascending by (modifiedAt, seq). */
  private readonly index: SandboxOrder[] = [];
  private seq = 0;
  readonly now: () => number;

  constructor(private readonly options: SandboxShopOptions) {
    this.random = seededRandom(options.seed ?? 1);
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): SandboxOrder | undefined {
    return this.byId.get(id);
  }

  all(): SandboxOrder[] {
    return [...this.byId.values()];
  }

  private position(order: SandboxOrder): number {
    let lo = 0;
    let hi = this.index.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(this.index[mid]!, order)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private place(order: SandboxOrder): void {
    const last = this.index[this.index.length - 1];
    if (!last || before(last, order)) this.index.push(order);
    else this.index.splice(this.position(order), 0, order);
  }

  /** Applies a change and moves the order to its new place in the index. */
  private touch(order: SandboxOrder, change: (o: SandboxOrder, at: number) => void): SandboxOrder {
    const at = Math.max(floorSecond(this.now()), order.modifiedAt);
    const i = this.position(order);
    if (this.index[i] === order) this.index.splice(i, 1);
    change(order, at);
    order.modifiedAt = at;
    this.place(order);
    return order;
  }

  /** A new order at the platform clock; `status` starts it paid (or further) when given. */
  create(init: Partial<Pick<SandboxOrder, 'status' | 'presale' | 'message'>> & { lines?: number } = {}): SandboxOrder {
    const r = this.random;
    const at = floorSecond(this.now());
    const seq = ++this.seq;
    const lineCount = init.lines ?? 1 + Math.floor(r() * 3);
    const lines: SandboxLine[] = [];
    for (let i = 0; i < lineCount; i++) {
      const sku = SANDBOX_CATALOG[(seq + i * 3) % SANDBOX_CATALOG.length]!;
      lines.push({ itemId: 600000000000 + SANDBOX_CATALOG.indexOf(sku), skuId: 5000000000000 + seq * 10 + i, skuCode: sku.skuCode, title: sku.title, qty: 1 + Math.floor(r() * 3), priceFen: sku.priceFen });
    }
    const goods = lines.reduce((s, l) => s + l.qty * l.priceFen, 0);
    const order: SandboxOrder = {
      seq,
      id: this.options.orderId(seq, at, r),
      createdAt: at,
      modifiedAt: at,
      paidAt: null,
      shippedAt: null,
      endAt: null,
      status: 'unpaid',
      refund: 'none',
      ...this.customer(seq),
      lines,
      postFeeFen: goods >= 9900 ? 0 : 1000,
      discountFen: goods >= 30000 ? 2000 : 0,
      presale: init.presale ?? false,
      message: init.message ?? '',
    };
    this.byId.set(order.id, order);
    this.place(order);
    const status = init.status ?? 'unpaid';
    if (status !== 'unpaid') this.advance(order, status);
    return order;
  }

  /**
   * Who places order `seq`: mostly a first-time buyer with an address of their own; a minority
   * (RETURNING_BUYERS) are earlier buyers of the shop ordering again to the same address.
   */
  private customer(seq: number): Pick<SandboxOrder, 'buyer' | 'receiver'> {
    const r = this.random;
    if (this.index.length > 0 && r() < RETURNING_BUYERS) {
      const earlier = this.index[Math.floor(r() * this.index.length)]!;
      return { buyer: { ...earlier.buyer }, receiver: { ...earlier.receiver } };
    }
    const place = pick(r, PLACES);
    const detail = `${pick(r, STREET_WORDS)}${pick(r, STREET_KINDS)} ${1 + Math.floor(r() * 500)} 号 ${pick(r, ESTATE_WORDS)}${pick(r, ESTATE_KINDS)} ${1 + Math.floor(r() * 30)} 栋 ${1 + Math.floor(r() * 30)}0${1 + Math.floor(r() * 6)} 室`;
    return {
      buyer: { nick: `buyer_${(seq * 7919) % 100000}`, openId: `oid_${createHash('md5').update(`b${seq}`).digest('hex').slice(0, 20)}` },
      receiver: {
        name: `${pick(r, SURNAMES)}**`,
        phone: `1${3 + Math.floor(r() * 6)}${Math.floor(r() * 10)}****${String(1000 + Math.floor(r() * 9000))}`,
        province: place[0],
        city: place[1],
        district: place[2],
        town: '',
        detail,
        zip: place[3],
        hash: createHash('sha1').update(`${place.join('')}${detail}`).digest('hex').slice(0, 24),
      },
    };
  }

  /** Walks an order forward to `status` in one change (used when creating paid orders). */
  private advance(order: SandboxOrder, status: SandboxStatus): void {
    const steps: SandboxStatus[] = ['paid', 'shipped', 'signed'];
    if (status === 'cancelled') return void this.cancel(order.id);
    this.touch(order, (o, at) => {
      for (const s of steps) {
        if (s === 'paid') o.paidAt ??= at;
        if (s === 'shipped') o.shippedAt ??= at;
        if (s === 'signed') o.endAt ??= at;
        o.status = s;
        if (s === status) break;
      }
    });
  }

  private mustGet(id: string): SandboxOrder {
    const order = this.byId.get(id);
    if (!order) throw new Error(`sandbox: no order ${id}`);
    return order;
  }

  pay(id: string): SandboxOrder {
    return this.touch(this.mustGet(id), (o, at) => {
      if (o.status === 'unpaid') Object.assign(o, { status: 'paid', paidAt: at });
    });
  }

  ship(id: string): SandboxOrder {
    return this.touch(this.mustGet(id), (o, at) => {
      if (o.status === 'paid') Object.assign(o, { status: 'shipped', shippedAt: at });
    });
  }

  sign(id: string): SandboxOrder {
    return this.touch(this.mustGet(id), (o, at) => {
      if (o.status === 'shipped') Object.assign(o, { status: 'signed', endAt: at });
    });
  }

  cancel(id: string): SandboxOrder {
    return this.touch(this.mustGet(id), (o, at) => {
      if (o.status === 'unpaid' || o.status === 'paid') Object.assign(o, { status: 'cancelled', endAt: at });
    });
  }

  requestRefund(id: string): SandboxOrder {
    return this.touch(this.mustGet(id), (o) => {
      if (o.status !== 'unpaid' && o.status !== 'cancelled' && o.refund === 'none') o.refund = 'requested';
    });
  }

  /** The refund succeeds: an order not yet shipped is closed by it. */
  refund(id: string): SandboxOrder {
    return this.touch(this.mustGet(id), (o, at) => {
      if (o.refund !== 'requested') return;
      o.refund = 'refunded';
      if (o.status === 'paid') Object.assign(o, { status: 'cancelled', endAt: at });
    });
  }

  /** A buyer edit that changes nothing the OMS keeps but moves `modified` (platforms do this). */
  touchOnly(id: string): SandboxOrder {
    return this.touch(this.mustGet(id), () => {});
  }

  /**
   * Moves `count` random orders one step along their life (pay, ship, sign, cancel, refund), as
   * real buyers and the seller would.
   */
  evolve(count: number): SandboxOrder[] {
    const changed: SandboxOrder[] = [];
    if (this.index.length === 0) return changed;
    const r = this.random;
    for (let i = 0; i < count; i++) {
      const order = this.index[Math.floor(r() * this.index.length)]!;
      const dice = r();
      switch (order.status) {
        case 'unpaid':
          changed.push(dice < 0.85 ? this.pay(order.id) : this.cancel(order.id));
          break;
        case 'paid':
          if (order.refund === 'requested') changed.push(this.refund(order.id));
          else changed.push(dice < 0.8 ? this.ship(order.id) : dice < 0.9 ? this.requestRefund(order.id) : this.touchOnly(order.id));
          break;
        case 'shipped':
          changed.push(this.sign(order.id));
          break;
        default:
          changed.push(this.touchOnly(order.id));
      }
    }
    return changed;
  }

  /**
   * Orders with `start ≤ modifiedAt ≤ end`, newest first (ties: newest created first), those
   * the platform shows only (`visible`).
   */
  query(start: number, end: number, visible: (o: SandboxOrder) => boolean = () => true): SandboxOrder[] {
    return this.page(start, end, { visible }).orders;
  }

  /**
   * One page of `query` and the number of orders it pages through, as a platform's database
   * answers it from its (modified, id) index: the window's bounds by binary search, then only the
   * rows of the page are read (with a `visible` filter the count walks the window, as a filtered
   * COUNT does). `before` starts after a (modifiedAt, seq) position instead of at an offset.
   */
  page(start: number, end: number, options: { offset?: number; limit?: number; visible?: (o: SandboxOrder) => boolean; before?: { modifiedAt: number; seq: number } } = {}): { orders: SandboxOrder[]; total: number } {
    const lo = this.position({ modifiedAt: start, seq: -Infinity } as SandboxOrder);
    let hi = this.position({ modifiedAt: end, seq: Infinity } as SandboxOrder);
    if (options.before) hi = Math.max(lo, Math.min(hi, this.position(options.before as SandboxOrder)));
    const offset = options.offset ?? 0;
    const limit = options.limit ?? Infinity;
    const visible = options.visible;
    const orders: SandboxOrder[] = [];
    if (!visible) {
      for (let i = hi - 1 - offset; i >= lo && orders.length < limit; i--) orders.push(this.index[i]!);
      return { orders, total: hi - lo };
    }
    let total = 0;
    for (let i = hi - 1; i >= lo; i--) {
      const o = this.index[i]!;
      if (!visible(o)) continue;
      if (total >= offset && orders.length < limit) orders.push(o);
      total++;
    }
    return { orders, total };
  }
}
