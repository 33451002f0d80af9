/**
 * Today's door: the site's sessions today, the chosen session's sheet, and what staff do on it
 * (check in; mark absent, which also takes back a mistaken check-in; hand over to a person, alone, or with a supervisor). Each action answers the
 * session's new sheet, which replaces it in place; a refused hand-over is kept as `refusal`
 * with the reason in the user's words (the server has audited it already).
 */
import { computed, ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { isApiError } from '@/api/http';
import { useFailure } from '@/composables/useFailure';
import { useLatestLoad } from '@/composables/useLatestLoad';
import { useLocalText } from '@/composables/useLocalText';
import { businessToday } from '@/ui/dates';
import { ElMessage } from '@/ui/message';
import { afterschoolApi, REFUSAL_WORDS, type CheckOut, type Session, type SheetRow } from '../afterschool.api';
import { useAfterschoolWords } from '../useAfterschoolWords';

export function useDoor(siteId: () => string) {
  const { t } = useI18n();
  const { text } = useLocalText();
  const words = useAfterschoolWords();
  const describe = useFailure();
  const today = businessToday();

  const sessions = useLatestLoad(() => afterschoolApi.sessions(siteId(), today, today));
  const live = computed(() => (sessions.data.value ?? []).filter((s) => !s.cancelled));
  const sessionId = ref<string | null>(null);
  const sheet = useLatestLoad(() => afterschoolApi.sheet(sessionId.value!));
  const alerts = useLatestLoad(() => afterschoolApi.alerts(siteId()));
  watch(live, (list) => {
    if (!list.some((s) => s.id === sessionId.value)) sessionId.value = list[0]?.id ?? null;
  });
  watch(sessionId, (id) => id && sheet.load());

  /** `<childId>/in` or `<childId>/out` while its request runs. */
  const busy = ref<string | null>(null);
  const refusal = ref<string | null>(null);

  async function load(): Promise<void> {
    await Promise.all([sessions.load(), alerts.load()]);
    if (sessionId.value) await sheet.load({ quiet: true });
  }

  /** Check-in and absence: the new sheet replaces the old, the alerts are read again. */
  async function mark(row: SheetRow, which: 'in' | 'absent'): Promise<void> {
    if (busy.value || !sessionId.value) return;
    busy.value = `${row.childId}/${which}`;
    try {
      sheet.data.value = await (which === 'in' ? afterschoolApi.checkIn : afterschoolApi.markAbsent)(sessionId.value, row.childId);
      const after = sheet.data.value.rows.find((r) => r.childId === row.childId);
      ElMessage.success(which === 'in' ? t('afterschool.door.checkedIn', { name: row.name, time: words.time(after?.checkedInAt ?? null) }) : t('afterschool.door.markedAbsent', { name: row.name }));
      void alerts.load({ quiet: true });
    } catch (cause) {
      ElMessage.error(describe(cause).detail);
    } finally {
      busy.value = null;
    }
  }
  const checkIn = (row: SheetRow) => mark(row, 'in');
  const markAbsent = (row: SheetRow) => mark(row, 'absent');

  /** True when the child was handed over; a refusal stays on screen with its reason. */
  async function checkOut(row: SheetRow, body: Omit<CheckOut, 'childId'>): Promise<boolean> {
    if (busy.value || !sessionId.value) return false;
    busy.value = `${row.childId}/out`;
    refusal.value = null;
    try {
      sheet.data.value = await afterschoolApi.checkOut(sessionId.value, { childId: row.childId, ...body });
      const by = body.claimant.kind === 'alone' ? t('afterschool.door.out.alone') : body.claimant.name;
      const after = sheet.data.value.rows.find((r) => r.childId === row.childId);
      ElMessage.success(t('afterschool.door.checkedOut', { name: row.name, by, time: words.time(after?.checkedOutAt ?? null) }));
      void alerts.load({ quiet: true });
      return true;
    } catch (cause) {
      const code = isApiError(cause) ? cause.problem.errors?.find((e) => e.field === 'claimant')?.code : undefined;
      const why = code && code in REFUSAL_WORDS ? text(REFUSAL_WORDS[code as keyof typeof REFUSAL_WORDS]) : describe(cause).detail;
      refusal.value = t('afterschool.door.out.refused', { why });
      return false;
    } finally {
      busy.value = null;
    }
  }

  const current = computed<Session | null>(() => sheet.data.value?.session ?? live.value.find((s) => s.id === sessionId.value) ?? null);
  return { today, sessions, live, sessionId, sheet, alerts, current, busy, refusal, load, checkIn, markAbsent, checkOut };
}
