import { EntityManager, FilterQuery, LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { CategoryEvidence, isValidOn, matchMember, memberSearchKeys, memberSortKey, MemberProfile, tierOn } from '../../../domain/canteen';
import { ageOn, maskIdNumber, parseIdNumber } from '../../../domain/shared/identity';
import type { BusinessDate } from '../../../domain/shared/time';
import { audit } from '../../audit/audit';
import type { AuthUser } from '../../auth/auth-user';
import { newId } from '../../entity-helpers';
import { conflict, FieldError, notFound } from '../../errors';
import type { MemberFields } from './canteen.schemas';
import { siteSettings } from './canteen.policy';
import { CanteenMember, ICanteenMember } from './member.entity';

/** What tierOn needs of a member. */
export function profileOf(m: Pick<ICanteenMember, 'birthDate' | 'categories'>): MemberProfile {
  return { birthDate: m.birthDate, categories: m.categories };
}

export function tierDecision(m: Pick<ICanteenMember, 'birthDate' | 'categories'>, date: BusinessDate) {
  return { date, ...tierOn(profileOf(m), date) };
}

/** Card numbers are printed in upper case; the counter may type either. */
export const normaliseCard = (card: string) => card.trim().toUpperCase();

/** The columns a counter search reads, computed when a member is saved. */
export function searchColumns(name: string, phone: string | null | undefined, idNumber: string) {
  const keys = memberSearchKeys(name);
  const digits = phone?.replace(/\D/g, '') ?? '';
  return {
    searchInitials: keys.initials.join(' ').slice(0, 100),
    searchPinyin: keys.pinyin.join(' ').slice(0, 255),
    sortName: memberSortKey(name).slice(0, 255),
    phoneLast4: digits.length >= 4 ? digits.slice(-4) : null,
    idLast4: idNumber.slice(-4),
  };
}

function categoriesOf(input: MemberFields['categories']): CategoryEvidence[] {
  return (input ?? []).map((c) => {
    const { validUntil, ...rest } = c;
    return (validUntil ? { ...rest, validUntil } : rest);
  });
}

/** The stored columns for the fields given; the birth date and sex come from the ID number. */
function columnsOf(fields: Partial<MemberFields>): Partial<ICanteenMember> {
  const out: Partial<ICanteenMember> = {};
  if (fields.cardNumber !== undefined) out.cardNumber = normaliseCard(fields.cardNumber);
  if (fields.name !== undefined) out.name = fields.name;
  if (fields.idNumber !== undefined) {
    const parsed = parseIdNumber(fields.idNumber);
    if (!parsed.ok) throw new Error('idNumber was validated by the schema');
    out.idNumber = parsed.id.number;
    out.birthDate = parsed.id.birthDate;
    out.sex = parsed.id.sex;
  }
  if (fields.phone !== undefined) out.phone = fields.phone ?? null;
  if (fields.address !== undefined) out.address = fields.address ?? null;
  if (fields.building !== undefined) out.building = fields.building ?? null;
  if (fields.room !== undefined) out.room = fields.room ?? null;
  if (fields.homebound !== undefined) out.homebound = fields.homebound;
  if (fields.emergencyContact !== undefined) {
    out.emergencyContactName = fields.emergencyContact?.name ?? null;
    out.emergencyContactPhone = fields.emergencyContact?.phone ?? null;
    out.emergencyContactRelation = fields.emergencyContact?.relation ?? null;
  }
  if (fields.dietaryTags !== undefined) out.dietaryTags = [...new Set(fields.dietaryTags)];
  if (fields.allergies !== undefined) out.allergies = fields.allergies ?? null;
  if (fields.categories !== undefined) out.categories = categoriesOf(fields.categories);
  if (fields.overdraftLimitFen !== undefined) out.overdraftLimitFen = fields.overdraftLimitFen;
  return out;
}

export function toMemberSummary(m: ICanteenMember, date: BusinessDate) {
  return {
    id: m.id,
    siteId: m.siteId,
    cardNumber: m.cardNumber,
    name: m.name,
    idNumber: maskIdNumber(m.idNumber),
    sex: m.sex,
    birthDate: m.birthDate,
    age: date >= m.birthDate ? ageOn(m.birthDate, date) : 0,
    phone: m.phone ?? null,
    building: m.building ?? null,
    room: m.room ?? null,
    homebound: m.homebound,
    dietaryTags: m.dietaryTags,
    allergies: m.allergies ?? null,
    categories: [...new Set(m.categories.filter((c) => isValidOn(c, date)).map((c) => c.category))],
    walletBalanceFen: m.walletBalanceFen,
    active: m.active,
    tier: tierDecision(m, date >= m.birthDate ? date : m.birthDate),
  };
}

export function toMember(m: ICanteenMember, date: BusinessDate) {
  return {
    ...toMemberSummary(m, date),
    address: m.address ?? null,
    emergencyContact: m.emergencyContactName
      ? { name: m.emergencyContactName, phone: m.emergencyContactPhone ?? '', relation: m.emergencyContactRelation ?? null }
      : null,
    categories: m.categories.map((c) => ({ ...c, validUntil: c.validUntil ?? null })),
    overdraftLimitFen: m.overdraftLimitFen,
    deactivatedAt: m.deactivatedAt?.toISOString() ?? null,
    deactivationReason: m.deactivationReason ?? null,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}

/** A member by id (the route checked its scope); with `lock`, locked until the transaction ends. */
export async function memberById(em: EntityManager, memberId: string, lock = false): Promise<ICanteenMember> {
  const m = await em.findOne(CanteenMember, { id: memberId }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true } : {});
  if (!m) throw notFound('Member');
  return m;
}

/** Which of a member's unique fields another member of the site already holds. */
async function duplicates(em: EntityManager, siteId: string, cols: Partial<ICanteenMember>, exceptId?: string): Promise<FieldError[]> {
  const or: FilterQuery<ICanteenMember>[] = [];
  if (cols.cardNumber) or.push({ cardNumber: cols.cardNumber });
  if (cols.idNumber) or.push({ idNumber: cols.idNumber });
  if (!or.length) return [];
  const found = await em.find(CanteenMember, { siteId, $or: or, ...(exceptId ? { id: { $ne: exceptId } } : {}) });
  const errors: FieldError[] = [];
  if (cols.cardNumber && found.some((m) => m.cardNumber === cols.cardNumber)) errors.push({ field: 'cardNumber', code: 'card_taken', message: 'is already the card of another member at this site' });
  if (cols.idNumber && found.some((m) => m.idNumber === cols.idNumber)) errors.push({ field: 'idNumber', code: 'id_taken', message: 'is already registered at this site' });
  return errors;
}

const duplicateConflict = (errors: FieldError[]) => conflict(errors.map((e) => `${e.field} ${e.message}`).join('; '), { errors });

async function flushUnique(em: EntityManager): Promise<void> {
  try {
    await em.flush();
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) {
      throw duplicateConflict([{ field: 'cardNumber', code: 'card_or_id_taken', message: 'or idNumber is already registered at this site' }]);
    }
    throw err;
  }
}

/** A new member with an empty wallet, as a row for a bulk insert (or for em.create: newMember). */
export function newMemberRow(siteId: string, fields: MemberFields, defaultOverdraftFen: number, at = new Date()): ICanteenMember {
  const cols = columnsOf(fields);
  const name = cols.name!;
  const idNumber = cols.idNumber!;
  return {
    id: newId(),
    siteId,
    cardNumber: cols.cardNumber!,
    name,
    idNumber,
    birthDate: cols.birthDate!,
    sex: cols.sex!,
    phone: cols.phone ?? null,
    address: cols.address ?? null,
    building: cols.building ?? null,
    room: cols.room ?? null,
    homebound: cols.homebound ?? false,
    emergencyContactName: cols.emergencyContactName ?? null,
    emergencyContactPhone: cols.emergencyContactPhone ?? null,
    emergencyContactRelation: cols.emergencyContactRelation ?? null,
    dietaryTags: cols.dietaryTags ?? [],
    allergies: cols.allergies ?? null,
    categories: cols.categories ?? [],
    overdraftLimitFen: cols.overdraftLimitFen ?? defaultOverdraftFen,
    walletBalanceFen: 0,
    ...searchColumns(name, cols.phone, idNumber),
    active: true,
    deactivatedAt: null,
    deactivationReason: null,
    createdAt: at,
    updatedAt: at,
  };
}

/** A new member (not yet flushed) with an empty wallet. */
export function newMember(em: EntityManager, siteId: string, fields: MemberFields, defaultOverdraftFen: number): ICanteenMember {
  return em.create(CanteenMember, newMemberRow(siteId, fields, defaultOverdraftFen));
}

export async function registerMember(em: EntityManager, siteId: string, fields: MemberFields): Promise<ICanteenMember> {
  const cols = columnsOf(fields);
  const dup = await duplicates(em, siteId, cols);
  if (dup.length) throw duplicateConflict(dup);
  const settings = await siteSettings(em, siteId);
  const m = newMember(em, siteId, fields, settings.defaultOverdraftLimitFen);
  await flushUnique(em);
  return m;
}

/** Changes a member's fields, in the route's transaction. */
export async function updateMember(tx: EntityManager, memberId: string, fields: Partial<MemberFields>): Promise<ICanteenMember> {
  const m = await memberById(tx, memberId, true);
  const cols = columnsOf(fields);
  const dup = await duplicates(tx, m.siteId, cols, m.id);
  if (dup.length) throw duplicateConflict(dup);
  Object.assign(m, cols);
  Object.assign(m, searchColumns(m.name, m.phone, m.idNumber));
  await flushUnique(tx);
  return m;
}

export async function setActive(em: EntityManager, memberId: string, active: boolean, at: Date, reason?: string | null) {
  const m = await memberById(em, memberId);
  if (m.active === active) throw conflict(active ? 'The member is already active' : 'The member is already deactivated');
  m.active = active;
  m.deactivatedAt = active ? null : at;
  m.deactivationReason = active ? null : (reason ?? null);
  await em.flush();
  return m;
}

/** The full 居民身份证号, for roles that need it; every read is audited in the route's transaction. */
export async function readIdNumber(tx: EntityManager, user: AuthUser, memberId: string): Promise<{ memberId: string; idNumber: string }> {
  const m = await memberById(tx, memberId);
  await audit(tx, { actorId: user.id, action: 'canteen.member.id_number.read', subjectType: 'canteen_member', subjectId: m.id, siteId: m.siteId });
  return { memberId: m.id, idNumber: m.idNumber };
}

export interface MemberListQuery {
  siteId: string;
  active?: boolean;
  building?: string;
  category?: string;
  homebound?: boolean;
  limit: number;
  offset: number;
}

/** As people read a list of names: by pinyin syllables (memberSortKey), then by character for homophones, then by card. */
const LIST_ORDER = { sortName: 'asc', name: 'asc', cardNumber: 'asc' } as const;

export async function listMembers(em: EntityManager, q: MemberListQuery, date: BusinessDate) {
  const where: FilterQuery<ICanteenMember> = {
    siteId: q.siteId,
    ...(q.active !== undefined ? { active: q.active } : {}),
    ...(q.building ? { building: q.building } : {}),
    ...(q.homebound !== undefined ? { homebound: q.homebound } : {}),
  };
  if (q.category) {
    // Categories are a JSON list: the database keeps the members whose list names the category
    // (its value is quoted there, and no other word of the list contains it), and the
    // certificate's dates decide here. Loading all 1,600 members of a site took ten times as long.
    const named = await (em as SqlEntityManager)
      .createQueryBuilder(CanteenMember)
      .where(where)
      .andWhere('`categories` like ?', [`%"${q.category}"%`])
      .orderBy(LIST_ORDER)
      .getResult();
    const held = named.filter((m) => m.categories.some((c) => c.category === q.category && isValidOn(c, date)));
    return { total: held.length, items: held.slice(q.offset, q.offset + q.limit).map((m) => toMemberSummary(m, date)) };
  }
  const [rows, total] = await em.findAndCount(CanteenMember, where, { orderBy: LIST_ORDER, limit: q.limit, offset: q.offset });
  return { total, items: rows.map((m) => toMemberSummary(m, date)) };
}

const collator = new Intl.Collator('zh-CN', { numeric: true });
const likeSafe = (s: string) => s.replace(/[%_\\]/g, '');

/**
 * The counter's search: the database narrows by the precomputed columns (name prefix,
 * initials or pinyin prefix of either reading, last 4 of phone or ID, card number), then
 * matchMember ranks the candidates.
 */
export async function searchMembers(em: EntityManager, siteId: string, query: string, limit: number, date: BusinessDate, includeInactive = false) {
  const q = query.trim().replace(/\s+/g, '');
  if (!q) return [];
  const safe = likeSafe(q);
  const or: FilterQuery<ICanteenMember>[] = [{ cardNumber: normaliseCard(q) }];
  if (safe) or.push({ name: { $like: `${safe}%` } });
  if (/^\d{4}$/.test(q)) or.push({ phoneLast4: q });
  if (/^\d{3}[\dXx]$/.test(q)) or.push({ idLast4: q.toUpperCase() });
  if (/^[a-z]+$/i.test(q)) {
    const lower = q.toLowerCase();
    for (const column of ['searchInitials', 'searchPinyin'] as const) {
      or.push({ [column]: { $like: `${lower}%` } }, { [column]: { $like: `% ${lower}%` } });
    }
  }
  const candidates = await em.find(CanteenMember, { siteId, ...(includeInactive ? {} : { active: true }), $or: or }, { limit: 2000 });
  return candidates
    .flatMap((m) => {
      const match = matchMember(q, {
        cardNumber: m.cardNumber,
        name: m.name,
        phone: m.phone,
        idNumber: m.idNumber,
        keys: { pinyin: m.searchPinyin.split(' '), initials: m.searchInitials.split(' ') },
      });
      return match ? [{ m, match }] : [];
    })
    .sort((a, b) => b.match.score - a.match.score || collator.compare(a.m.name, b.m.name) || a.m.id.localeCompare(b.m.id))
    .slice(0, limit)
    .map(({ m, match }) => ({ ...toMemberSummary(m, date), match }));
}
