import ExcelJS from 'exceljs';
import { CanteenMember } from '../../../api/modules/canteen/member.entity';
import { makeIdNumber } from '../../../domain/shared/identity';
import { makeMember, unique } from '../support/factories';
import { API, canteenWorld, World } from './world';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('canteen members: import from CSV or XLSX, all or nothing', () => {
  let w: World;
  beforeAll(async () => {
    w = await canteenWorld();
  });
  afterAll(() => w.close());

  const count = () => w.em().count(CanteenMember, { siteId: w.site.id });

  it('when a CSV with Chinese headers is imported, then every row becomes a member with derived birth date, categories and notes', async () => {
    const [c1, c2] = [unique('imp'), unique('imp')];
    const csv = [
      '姓名,身份证号,电话,地址,楼栋,房间,卡号,紧急联系人,紧急联系电话,饮食,过敏,类别,居家送餐',
      `李桂兰,${makeIdNumber('420802', '1939-09-09', 102)},13700001111,浏河社区2栋101,2栋,101,${c1},李军,13700002222,低盐、软食,青霉素,低保@2026-01-01..2026-12-31,是`,
      `刘建国,${makeIdNumber('420802', '1955-03-15', 103)},13700003333,浏河社区7栋,7栋,502,${c2},,,,,失能:中度@2025-06-01,否`,
    ].join('\n');
    const res = await w.staff.post(`${API}/members/import`, { siteId: w.site.id, format: 'csv', content: b64(csv) });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ dryRun: false, rows: 2, imported: 2, members: [{ row: 2, name: '李桂兰' }, { row: 3, name: '刘建国' }] });
    const li = await w.staff.get(`${API}/members/${res.body.members[0].id}`);
    expect(li.body).toMatchObject({ birthDate: '1939-09-09', sex: 'female', homebound: true, dietaryTags: ['low_salt', 'soft'], allergies: '青霉素', tier: { tier: 'dibao' } });
    const liu = await w.staff.get(`${API}/members/${res.body.members[1].id}`);
    expect(liu.body.categories).toEqual([{ category: 'disabled_care', abilityGrade: 'moderate', validFrom: '2025-06-01', validUntil: null }]);
    expect(liu.body.tier.tier).toBe('age70');
  });

  it('when an XLSX workbook is imported, then its first sheet is read the same way', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('会员');
    sheet.addRow(['cardNumber', 'name', 'idNumber', 'phone', 'dietaryTags']);
    sheet.addRow([unique('x'), '陈春梅', makeIdNumber('420802', '1948-12-01', 204), '13600001111', 'low_sugar']);
    sheet.addRow([unique('x'), '陈志强', makeIdNumber('420802', '1947-01-20', 205), '13600002222', '']);
    const content = Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
    const res = await w.operator.post(`${API}/members/import`, { siteId: w.site.id, format: 'xlsx', content });
    expect(res.status).toBe(201);
    expect(res.body.imported).toBe(2);
    const found = await w.staff.get(`${API}/members/search?siteId=${w.site.id}&q=ccm`);
    expect(found.body[0]).toMatchObject({ name: '陈春梅', dietaryTags: ['low_sugar'] });
  });

  it('when some rows are wrong, then 422 lists each wrong row and field and nothing at all is imported', async () => {
    const existing = await makeMember(w.em(), w.site.id);
    const dupId = makeIdNumber('420802', '1950-10-10', 306);
    const csv = [
      'cardNumber,name,idNumber,phone,categories,dietaryTags',
      `${unique('ok')},好人,${makeIdNumber('420802', '1950-10-10', 302)},13500000001,,`,
      `${unique('bad')},坏身份证,420802195010100000,13500000002,,`,
      `${existing.cardNumber},重卡号,${makeIdNumber('420802', '1950-10-10', 304)},13500000003,,`,
      `${unique('dup')},甲,${dupId},13500000004,,`,
      `${unique('dup')},乙,${dupId},13500000005,低保,`,
      `${unique('tag')},,${makeIdNumber('420802', '1950-10-10', 308)},13500000006,,辣`,
    ].join('\r\n');
    const before = await count();
    const res = await w.staff.post(`${API}/members/import`, { siteId: w.site.id, format: 'csv', content: b64(csv) });
    expect(res.status).toBe(422);
    expect(res.body.detail).toMatch(/^4 of 6 rows cannot be imported; nothing was imported/);
    expect(res.body.rows).toBe(6);
    expect(res.body.rowErrors).toEqual([
      expect.objectContaining({ row: 3, field: 'idNumber', code: 'id_check_digit' }),
      expect.objectContaining({ row: 4, field: 'cardNumber', code: 'card_taken', message: 'is already the card of a member at this site' }),
      expect.objectContaining({ row: 6, field: 'categories', code: 'category_format', params: { value: '低保' } }),
      expect.objectContaining({ row: 6, field: 'idNumber', code: 'repeats_row', params: { row: 5 }, message: 'repeats row 5' }),
      expect.objectContaining({ row: 7, field: 'dietaryTags', code: 'unknown_dietary_tag', params: { value: '辣' } }),
      expect.objectContaining({ row: 7, field: 'name', code: 'required' }),
    ]);
    expect(res.body.errors[0]).toMatchObject({ field: 'row 3: idNumber', code: 'id_check_digit' });
    expect(await count()).toBe(before);
  });

  it('the check route reports the same without writing; a clean file checks out with 200', async () => {
    const csv = `cardNumber,name,idNumber\n${unique('chk')},钱学森,${makeIdNumber('420802', '1951-12-11', 401)}\n`;
    const before = await count();
    const res = await w.staff.post(`${API}/members/import/check`, { siteId: w.site.id, format: 'csv', content: b64(csv) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dryRun: true, rows: 1, imported: 0, members: [{ row: 2, id: null, name: '钱学森' }] });
    expect(await count()).toBe(before);
  });

  it('when the file cannot be read, then 400 (not base64) or 422 (unknown columns, no rows, not a workbook) naming content', async () => {
    const post = (body: object) => w.staff.post(`${API}/members/import`, { siteId: w.site.id, format: 'csv', ...body });
    expect((await post({ content: '**not base64**' })).body.errors[0]).toMatchObject({ field: 'content', code: 'not_base64' });
    expect((await post({ content: '**not base64**' })).status).toBe(400);
    const unknown = await post({ content: b64('name,idNumber,cardNumber,shoeSize\n') });
    expect(unknown.status).toBe(422);
    expect(unknown.body.detail).toMatch(/shoeSize/);
    expect(unknown.body.errors[0]).toMatchObject({ code: 'unknown_columns', params: { columns: ['shoeSize'] } });
    const noRows = await post({ content: b64('name,idNumber,cardNumber\n') });
    expect(noRows.status).toBe(422);
    expect(noRows.body.errors[0].code).toBe('no_rows');
    expect((await post({ content: b64('name,phone\n张三,1\n') })).body.errors[0]).toMatchObject({ code: 'missing_column', params: { column: 'cardNumber' } });
    const notXlsx = await post({ format: 'xlsx', content: b64('just text') });
    expect(notXlsx.status).toBe(422);
    expect(notXlsx.body.errors[0]).toMatchObject({ field: 'content', code: 'unreadable', params: { format: 'xlsx' } });
    const missing = await w.staff.post(`${API}/members/import`, { siteId: w.site.id });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['content', 'format']);
  });

  it('who may import: the community admin may not (403), another site’s staff are out of scope', async () => {
    const body = { siteId: w.site.id, format: 'csv', content: b64('cardNumber,name,idNumber\n') };
    expect((await w.community.post(`${API}/members/import`, body)).status).toBe(403);
    expect((await w.community.post(`${API}/members/import/check`, body)).status).toBe(403);
    expect((await w.outsider.post(`${API}/members/import`, body)).body.type).toBe('/problems/not-found');
  });
});
