import ExcelJS from 'exceljs';
import type { Response } from 'express';
import { WEEKDAY_NAMES, weekdayOf } from '../../../domain/afterschool';
import type { attendanceRows, DescribedSession } from './sessions.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function send(res: Response, workbook: ExcelJS.Workbook, filename: string): Promise<void> {
  const buffer = await workbook.xlsx.writeBuffer();
  res.status(200).type(XLSX).set('Content-Disposition', `attachment; filename="${filename}"`).send(Buffer.from(buffer));
}

function sheetWith(workbook: ExcelJS.Workbook, name: string, columns: { header: string; key: string; width: number }[]) {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns;
  sheet.getRow(1).font = { bold: true };
  return sheet;
}

/** The printable weekly roster: each session with its staff and its ratio check, short sessions marked. */
export async function sendWeekRoster(res: Response, weekStart: string, sessions: readonly DescribedSession[]): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = sheetWith(workbook, `排班 ${weekStart}`, [
    { header: '日期 Date', key: 'date', width: 12 },
    { header: '星期 Day', key: 'day', width: 8 },
    { header: '小组 Group', key: 'group', width: 16 },
    { header: '教室 Room', key: 'room', width: 12 },
    { header: '时间 Time', key: 'time', width: 13 },
    { header: '预计人数 Expected', key: 'expected', width: 10 },
    { header: '当班人员 Staff', key: 'staff', width: 24 },
    { header: '需要 Needed', key: 'needed', width: 9 },
    { header: '缺员 Short', key: 'short', width: 8 },
    { header: '可补 Free to add', key: 'fix', width: 20 },
    { header: '备注 Note', key: 'note', width: 30 },
  ]);
  for (const s of sessions) {
    const row = sheet.addRow({
      date: s.date,
      day: WEEKDAY_NAMES[weekdayOf(s.date)].zh,
      group: s.groupName,
      room: s.room,
      time: `${s.start}–${s.end}`,
      expected: s.expected,
      staff: s.staff.map((m) => m.name).join('、'),
      needed: s.ratio.needed,
      short: s.ratio.short,
      fix: s.ratio.fix.map((m) => m.name).join('、'),
      note: s.cancelled ? `已取消 cancelled: ${s.note ?? ''}` : (s.ratio.words?.zh ?? s.note ?? ''),
    });
    if (s.ratio.short > 0 && !s.cancelled) row.getCell('short').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
  }
  await send(res, workbook, `afterschool-roster-${weekStart}.xlsx`);
}

/** Attendance per session and child: in and out, by whom, and on what basis the child was handed over. */
export async function sendAttendance(res: Response, from: string, to: string, rows: Awaited<ReturnType<typeof attendanceRows>>): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = sheetWith(workbook, '考勤 Attendance', [
    { header: '日期 Date', key: 'date', width: 12 },
    { header: '小组 Group', key: 'group', width: 16 },
    { header: '时间 Time', key: 'time', width: 13 },
    { header: '儿童 Child', key: 'child', width: 12 },
    { header: '年级 Grade', key: 'grade', width: 8 },
    { header: '状态 State', key: 'state', width: 13 },
    { header: '签到 In', key: 'checkedInAt', width: 20 },
    { header: '签到人 In by', key: 'checkedInBy', width: 12 },
    { header: '签退 Out', key: 'checkedOutAt', width: 20 },
    { header: '签退人 Out by', key: 'checkedOutBy', width: 12 },
    { header: '接走人 Collected by', key: 'collectedBy', width: 14 },
    { header: '依据 Basis', key: 'basis', width: 11 },
    { header: '主管 Supervisor', key: 'supervisor', width: 12 },
  ]);
  for (const r of rows) sheet.addRow(r);
  await send(res, workbook, `afterschool-attendance-${from}-${to}.xlsx`);
}
