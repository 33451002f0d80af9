/**
 * 临时托 for a family: the places free on each of the next open days, the household's booked
 * days, and booking a child (one it applied for, or another by name and 身份证号) for the days
 * picked. A request in flight blocks the next, so a double Enter books once; its Idempotency-Key
 * is kept until it is answered, so a retry after a lost answer books nothing twice.
 */
import { computed, reactive, ref } from 'vue';
import { isApiError, newIdempotencyKey } from '@/api/http';
import { useFailure } from '@/composables/useFailure';
import { useLatestLoad } from '@/composables/useLatestLoad';
import { addDays, businessToday } from '@/ui/dates';
import { ElMessage } from '@/ui/message';
import { childcareApi, type BookingCreate, type FreeDay } from '../childcare.api';
import { useFieldErrors } from '../useFieldErrors';

/** How many days ahead the page offers: two weeks of the month the API allows. */
const DAYS_SHOWN = 14;
/** The child picked: an application's id, or ANOTHER for a child named here. */
export const ANOTHER = 'another';

export function useOccasionalBooking(siteId: () => string, said: { booked: (n: number) => string; cancelled: string }) {
  const describe = useFailure();
  const today = businessToday();
  const free = useLatestLoad(() => childcareApi.freePlaces(siteId(), today, addDays(today, DAYS_SHOWN - 1)));
  const mine = useLatestLoad(() => childcareApi.bookings(siteId()));
  const children = useLatestLoad(() => childcareApi.applications({ siteId: siteId() }));
  const form = reactive({ child: ANOTHER as string, childName: '', idNumber: '', dates: [] as string[] });
  const { errors, otherError, clear, show } = useFieldErrors(['childName', 'idNumber', 'dates', 'applicationId'] as const);
  const saving = ref(false);
  const busy = ref<string | null>(null);
  let key: string | null = null;

  /** Places free that day in any class, within the site's total: what a family can hope for. */
  const freeOn = (d: FreeDay) => Math.min(d.siteFree, d.classes.reduce((s, c) => s + c.free, 0));
  const applied = computed(() => (children.data.value ?? []).filter((a) => a.status !== 'withdrawn' && a.status !== 'rejected'));
  const booked = computed(() => (mine.data.value ?? []).filter((b) => b.status === 'booked'));

  const load = () => Promise.all([free.load(), mine.load(), children.load()]);

  function body(): BookingCreate {
    const child = form.child === ANOTHER ? { childName: form.childName, idNumber: form.idNumber.trim() } : { applicationId: form.child };
    return { siteId: siteId(), dates: [...form.dates].sort(), ...child };
  }

  async function book(): Promise<void> {
    if (saving.value) return;
    saving.value = true;
    clear();
    key ??= newIdempotencyKey('childcare-book');
    try {
      const days = await childcareApi.book(body(), key);
      key = null;
      form.dates = [];
      ElMessage.success(said.booked(days.length));
    } catch (cause) {
      // The server answered: a new attempt is a new request. No answer: the same key again.
      if (isApiError(cause)) key = null;
      show(cause);
    } finally {
      saving.value = false;
      await Promise.all([free.load({ quiet: true }), mine.load({ quiet: true })]);
    }
  }

  async function cancel(id: string): Promise<void> {
    if (busy.value) return;
    busy.value = id;
    try {
      await childcareApi.cancelBooking(id, newIdempotencyKey('childcare-cancel-booking'));
      ElMessage.success(said.cancelled);
    } catch (cause) {
      ElMessage.error(describe(cause).detail);
    } finally {
      busy.value = null;
      await Promise.all([free.load({ quiet: true }), mine.load({ quiet: true })]);
    }
  }

  return { free, mine, children, applied, booked, form, errors, otherError, saving, busy, freeOn, load, book, cancel };
}
