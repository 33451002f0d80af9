import { businessDateOf } from '../../../domain/shared/time';
import { ruleBroken } from '../../errors';
import { idParam, route } from '../../http/route';
import { scope } from '../../http/scope';
import { z } from '../../openapi';
import {
  dateField,
  importResult,
  member,
  memberCreate,
  memberImport,
  memberList,
  memberUpdate,
  searchHit,
  siteIdField,
  wallet,
  walletMove,
  walletMoveResult,
} from './canteen.schemas';
import { CATEGORIES } from '../../../domain/shared/categories';
import { parseIdNumber } from '../../../domain/shared/identity';
import { importMembers } from './member-import';
import { CanteenMember } from './member.entity';
import { listMembers, memberById, readIdNumber, registerMember, searchMembers, setActive, toMember, updateMember } from './members.service';
import { moveWallet, walletOf } from './wallet.service';

const tag = 'canteen';
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const memberParam = idParam('memberId');
const onDate = z.object({ date: dateField.optional() });
const ofMember = scope.record<{ memberId: string }, unknown, unknown>(CanteenMember, 'Member', ({ params }) => params.memberId);

/** A birth date after today is a typo in the number, however valid its check digit. */
function assertBorn(idNumber: string | undefined, today: string): void {
  if (!idNumber) return;
  const parsed = parseIdNumber(idNumber);
  if (parsed.ok && parsed.id.birthDate > today) throw ruleBroken('The ID number gives a birth date in the future', [{ field: 'idNumber', code: 'id_birth_date_future', message: 'gives a birth date in the future' }]);
}

export const memberRoutes = [
  route({
    method: 'get',
    path: '/canteen/members',
    action: 'canteen.view',
    scope: scope.querySite,
    tag,
    summary: 'Members of a site, by name (ID numbers masked)',
    query: z.object({
      siteId: siteIdField,
      active: flag.optional(),
      building: z.string().max(32).optional(),
      homebound: flag.optional(),
      category: z.enum(CATEGORIES).optional(),
      date: dateField.optional(),
      limit: z.coerce.number().int().min(1).max(500).default(50),
      offset: z.coerce.number().int().min(0).default(0),
    }),
    response: memberList,
    handler: async ({ em, query, app }) => {
      return listMembers(em, query, query.date ?? businessDateOf(app.clock.now()));
    },
  }),
  route({
    method: 'get',
    path: '/canteen/members/search',
    action: 'canteen.view',
    scope: scope.querySite,
    tag,
    summary: 'Counter search: name, pinyin initials (zsf → 张三丰), full pinyin, last 4 of phone or ID number, card number; best first',
    query: z.object({
      siteId: siteIdField,
      q: z.string().trim().min(1, 'must not be empty').max(50),
      includeInactive: flag.optional(),
      date: dateField.optional(),
      limit: z.coerce.number().int().min(1).max(50).default(10),
    }),
    response: z.array(searchHit),
    handler: async ({ em, query, app }) => {
      return searchMembers(em, query.siteId, query.q, query.limit, query.date ?? businessDateOf(app.clock.now()), query.includeInactive ?? false);
    },
  }),
  route({
    method: 'post',
    path: '/canteen/members',
    action: 'canteen.members.write',
    scope: scope.bodySite,
    transaction: true,
    tag,
    summary: 'Register a member; birth date and sex are read from the 居民身份证号',
    body: memberCreate,
    response: member,
    status: 201,
    handler: async ({ em, body, app }) => {
      const today = businessDateOf(app.clock.now());
      assertBorn(body.idNumber, today);
      const { siteId, ...fields } = body;
      return toMember(await registerMember(em, siteId, fields), today);
    },
  }),
  route({
    method: 'post',
    path: '/canteen/members/import/check',
    action: 'canteen.members.write',
    scope: scope.bodySite,
    tag,
    summary: 'Check a CSV or XLSX member file (base64) without importing: 422 lists every wrong row and field',
    body: memberImport,
    response: importResult,
    handler: async ({ em, body, app }) => {
      return importMembers(em, body, businessDateOf(app.clock.now()), true);
    },
  }),
  route({
    method: 'post',
    path: '/canteen/members/import',
    action: 'canteen.members.write',
    scope: scope.bodySite,
    transaction: true,
    tag,
    summary: 'Import members from a CSV or XLSX file (base64): all rows or none; 422 lists every wrong row and field',
    body: memberImport,
    response: importResult,
    status: 201,
    handler: async ({ em, body, app }) => {
      return importMembers(em, body, businessDateOf(app.clock.now()), body.dryRun ?? false);
    },
  }),
  route({
    method: 'get',
    path: '/canteen/members/:memberId',
    action: 'canteen.view',
    scope: ofMember,
    tag,
    summary: 'One member (ID number masked) with the subsidy tier on a date (today by default) and why',
    params: memberParam,
    query: onDate,
    response: member,
    handler: async ({ em, params, query, app }) => toMember(await memberById(em, params.memberId), query.date ?? businessDateOf(app.clock.now())),
  }),
  route({
    method: 'patch',
    path: '/canteen/members/:memberId',
    action: 'canteen.members.write',
    scope: ofMember,
    transaction: true,
    tag,
    summary: 'Edit a member; a new ID number re-derives birth date and sex',
    params: memberParam,
    body: memberUpdate,
    response: member,
    handler: async ({ em, params, body, app }) => {
      const today = businessDateOf(app.clock.now());
      assertBorn(body.idNumber, today);
      return toMember(await updateMember(em, params.memberId, body), today);
    },
  }),
  route({
    method: 'post',
    path: '/canteen/members/:memberId/deactivate',
    action: 'canteen.members.write',
    scope: ofMember,
    transaction: true,
    tag,
    summary: 'Deactivate a member (no new orders; the wallet can still be paid out)',
    params: memberParam,
    body: z.object({ reason: z.string().trim().min(1).max(200).optional() }),
    response: member,
    handler: async ({ em, params, body, app }) =>
      toMember(await setActive(em, params.memberId, false, app.clock.now().toJSDate(), body.reason), businessDateOf(app.clock.now())),
  }),
  route({
    method: 'post',
    path: '/canteen/members/:memberId/reactivate',
    action: 'canteen.members.write',
    scope: ofMember,
    transaction: true,
    tag,
    summary: 'Reactivate a deactivated member',
    params: memberParam,
    response: member,
    handler: async ({ em, params, app }) => toMember(await setActive(em, params.memberId, true, app.clock.now().toJSDate()), businessDateOf(app.clock.now())),
  }),
  route({
    method: 'get',
    path: '/canteen/members/:memberId/id-number',
    action: 'canteen.members.identity',
    scope: ofMember,
    transaction: true,
    tag,
    summary: 'The full 居民身份证号 (audited: every read writes an audit entry)',
    params: memberParam,
    response: z.object({ memberId: z.string(), idNumber: z.string() }).openapi('CanteenMemberIdNumber'),
    handler: async ({ em, user, params }) => readIdNumber(em, user, params.memberId),
  }),
  route({
    method: 'get',
    path: '/canteen/members/:memberId/wallet',
    action: 'canteen.view',
    scope: ofMember,
    tag,
    summary: 'A member’s meal-card balance and its journal entries, newest first',
    params: memberParam,
    query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
    response: wallet,
    handler: async ({ em, params, query }) => walletOf(em, params.memberId, query.limit),
  }),
  route({
    method: 'post',
    path: '/canteen/members/:memberId/wallet/top-ups',
    action: 'canteen.wallet.write',
    scope: ofMember,
    tag,
    summary: 'Top a wallet up with cash or an external transfer (journal: cash or external → wallet); send an Idempotency-Key',
    params: memberParam,
    body: walletMove,
    response: walletMoveResult,
    status: 201,
    idempotent: true,
    handler: async ({ em, user, params, body, app }) => moveWallet(em, user, params.memberId, 'top_up', body, app.clock.now()),
  }),
  route({
    method: 'post',
    path: '/canteen/members/:memberId/wallet/refunds',
    action: 'canteen.wallet.write',
    scope: ofMember,
    tag,
    summary: 'Pay part of a wallet’s balance back out (journal: wallet → cash or external); never below zero',
    params: memberParam,
    body: walletMove,
    response: walletMoveResult,
    status: 201,
    idempotent: true,
    handler: async ({ em, user, params, body, app }) => moveWallet(em, user, params.memberId, 'refund', body, app.clock.now()),
  }),
];
