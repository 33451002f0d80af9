/**
 * 今日: the site's sheet for today and what staff do on it (晨检, 入园 and 离园, absences, carers on
 * duty). Each action answers the child's (or class's) new day, which replaces it in place, so
 * the sheet never jumps while staff work down a class; a failure is said and the sheet reloaded.
 */
import { computed, ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { newIdempotencyKey } from '@/api/http';
import { useFailure } from '@/composables/useFailure';
import { useLatestLoad } from '@/composables/useLatestLoad';
import { useLocalText } from '@/composables/useLocalText';
import { ElMessage } from '@/ui/message';
import { ABSENCE_REASON_NAMES, childcareApi, type AbsenceReason, type ChildDay, type ClassDay, type DaySheet, type HealthCheck } from '../childcare.api';

export function useTodaySheet(siteId: () => string) {
  const { t } = useI18n();
  const { text } = useLocalText();
  const describe = useFailure();
  /** The day shown: today unless staff step to another (a roster or absences ahead, a day past to read). */
  const date = ref<string | null>(null);
  const { data, state, failure, load } = useLatestLoad(() => childcareApi.daySheet(siteId(), date.value ?? undefined));
  watch(date, () => load());
  /** `<enrolmentId>/<action>` or `<classId>/duty` while its request runs. */
  const busy = ref<string | null>(null);
  const classes = computed(() => data.value?.classes ?? []);

  function replaceChild(next: ChildDay): void {
    const sheet = data.value;
    if (!sheet) return;
    data.value = {
      ...sheet,
      classes: sheet.classes.map((c) => (c.children.some((k) => k.enrolmentId === next.enrolmentId) ? { ...c, children: c.children.map((k) => (k.enrolmentId === next.enrolmentId ? next : k)) } : c)),
    } satisfies DaySheet;
  }

  function replaceClass(next: ClassDay): void {
    if (data.value) data.value = { ...data.value, classes: data.value.classes.map((c) => (c.classId === next.classId ? next : c)) };
  }

  async function run<T>(key: string, call: () => Promise<T>, done: (answer: T) => string): Promise<T | null> {
    if (busy.value) return null;
    busy.value = key;
    try {
      const answer = await call();
      ElMessage.success(done(answer));
      return answer;
    } catch (cause) {
      ElMessage.error(describe(cause).detail);
      return null;
    } finally {
      busy.value = null;
      // The ratio counts every child of the class: read the sheet again behind the change.
      await load({ quiet: true });
    }
  }

  /** The sheet's own day: what every action writes to. */
  const today = () => data.value!.date;

  const press = (child: ChildDay, which: 'check-in' | 'check-out') =>
    run(
      `${child.enrolmentId}/${which}`,
      () => childcareApi.checkInOut(child.enrolmentId, today(), which, newIdempotencyKey(`childcare-${which}`)),
      (d) => {
        replaceChild(d);
        return which === 'check-in' ? t('childcare.days.checkedIn', { name: d.childName, time: d.checkIn?.time }) : t('childcare.days.checkedOut', { name: d.childName, time: d.checkOut?.time });
      },
    );

  /** A time recorded wrongly, corrected the same day to what it really was. */
  const correct = (child: ChildDay, which: 'check-in' | 'check-out', at: string) =>
    run(
      `${child.enrolmentId}/${which}`,
      () => childcareApi.checkInOut(child.enrolmentId, today(), which, newIdempotencyKey(`childcare-${which}-correction`), at),
      (d) => {
        replaceChild(d);
        return t('childcare.correction.saved', { name: d.childName, what: t(`childcare.days.${which === 'check-in' ? 'checkIn' : 'checkOut'}`), time: at });
      },
    );

  const markAbsent = (child: ChildDay, reason: AbsenceReason) =>
    run(
      `${child.enrolmentId}/absence`,
      () => childcareApi.markAbsence(child.enrolmentId, { from: today(), reason }, newIdempotencyKey('childcare-absence')),
      (days) => {
        replaceChild(days[0]);
        return t('childcare.days.absenceMarked', { name: child.childName, reason: text(ABSENCE_REASON_NAMES[reason]) });
      },
    );

  const cancelAbsence = (child: ChildDay) =>
    run(
      `${child.enrolmentId}/absence`,
      () => childcareApi.cancelAbsence(child.enrolmentId, today()),
      (d) => {
        replaceChild(d);
        return t('childcare.days.absenceCancelled');
      },
    );

  const saveCarers = (c: ClassDay, carers: string[]) =>
    run(
      `${c.classId}/duty`,
      () => childcareApi.setDuty(c.classId, today(), carers),
      (next) => {
        replaceClass(next);
        return t('childcare.days.carersSaved');
      },
    );

  /** The dialog shows field errors itself, so this one throws instead of saying them. */
  async function saveCheck(child: ChildDay, body: HealthCheck): Promise<void> {
    const next = await childcareApi.healthCheck(child.enrolmentId, today(), body);
    replaceChild(next);
    ElMessage.success(t('childcare.days.dialog.saved'));
    await load({ quiet: true });
  }

  return { date, data, state, failure, load, busy, classes, press, correct, markAbsent, cancelAbsence, saveCarers, saveCheck };
}
