/**
 * A parent's enrolled child: its month of days (this month first) and the absences the family
 * reports ahead or takes back. After each change the month is read again, so what the parent
 * sees is what staff see on their sheet.
 */
import { ref, watch } from 'vue';
import { newIdempotencyKey } from '@/api/http';
import { useLatestLoad } from '@/composables/useLatestLoad';
import { businessMonth } from '@/ui/dates';
import { childcareApi, type AbsenceMark } from '../childcare.api';

/** `2026-12` plus whole months. */
export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return d.toISOString().slice(0, 7);
}

export function useChildAttendance(enrolmentId: () => string) {
  const month = ref(businessMonth());
  const { data, state, failure, load } = useLatestLoad(() => childcareApi.childMonth(enrolmentId(), month.value));
  watch(month, () => load());

  const mark = async (body: AbsenceMark) => {
    const days = await childcareApi.markAbsence(enrolmentId(), body, newIdempotencyKey('childcare-absence'));
    await load({ quiet: true });
    return days;
  };
  const cancel = async (date: string) => {
    await childcareApi.cancelAbsence(enrolmentId(), date);
    await load({ quiet: true });
  };

  return { month, data, state, failure, load, mark, cancel, step: (by: number) => (month.value = shiftMonth(month.value, by)) };
}
