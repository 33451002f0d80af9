/**
 * How the childcare pages name things: class kinds and modes in the domain's words, statuses and
 * facts from messages.ts, and an answer deadline as a date with its weekday (a family reads
 * "周五" faster than a date).
 */
import { useI18n } from 'vue-i18n';
import { useLocalText } from '@/composables/useLocalText';
import { formatDay } from '@/ui/dates';
import { CLASS_KIND_NAMES, HALF_NAMES, SERVICE_MODE_NAMES, type ClassKind, type ListedApplication } from './childcare.api';
import './messages';

export function useChildcareWords() {
  const { t, te, locale } = useI18n();
  const { text } = useLocalText();
  return {
    kindName: (kind: ClassKind) => text(CLASS_KIND_NAMES[kind]),
    modeName: (app: Pick<ListedApplication, 'mode' | 'half'>) => text(SERVICE_MODE_NAMES[app.mode]) + (app.half ? ` · ${text(HALF_NAMES[app.half])}` : ''),
    /** A fact we have words for by its name; one a rule set introduced later, as the server spells it. */
    factName: (fact: string) => (te(`childcare.facts.${fact}`) ? t(`childcare.facts.${fact}`) : fact),
    day: (date: string) => formatDay(date, locale.value, { year: 'numeric', month: 'long', day: 'numeric' }),
    /** `2026-12` (or a month's first day) as 2026年12月 / 2026-12. */
    month: (month: string) => t('childcare.fees.monthName', { y: Number(month.slice(0, 4)), m: Number(month.slice(5, 7)) }),
    dayWithWeekday: (date: string) => formatDay(date, locale.value, { year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' }),
  };
}
