/**
 * How the after-school pages name things: weekdays, collection levels and grades from
 * messages.ts, dates with their weekday, and a time of day from the server's instants in
 * Beijing time (the door and the family read the same clock as the site).
 */
import { useI18n } from 'vue-i18n';
import { businessToday, formatDay } from '@/ui/dates';
import type { CollectorLevel } from './afterschool.api';
import './messages';

export function useAfterschoolWords() {
  const { t, locale } = useI18n();
  const day = (date: string) => formatDay(date, locale.value, { month: 'long', day: 'numeric', weekday: 'short' });
  /** An ISO instant as HH:mm in Asia/Shanghai. */
  const time = (iso: string | null) =>
    iso ? new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso)) : '';
  return {
    weekday: (d: number) => t(`afterschool.weekday.${d}`),
    level: (level: CollectorLevel) => t(`afterschool.level.${level}`),
    levelHint: (level: CollectorLevel) => t(`afterschool.levelHint.${level}`),
    grade: (n: number) => t('afterschool.grade', { n }),
    day,
    time,
    /** An ISO instant as its business day and time, e.g. `12月7日周一 17:00`. */
    moment: (iso: string) => `${day(businessToday(new Date(iso)))} ${time(iso)}`,
  };
}
