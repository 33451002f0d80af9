/**
 * One member as the drawer shows it: the record with its tier on the chosen date, the full
 * ID number on request (the server audits each read, so it is fetched only when asked for
 * and forgotten when the drawer moves on), and deactivation with a reason.
 */
import { ref, shallowRef, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useFailure, type Failure } from '@/composables/useFailure';
import { useLatestLoad } from '@/composables/useLatestLoad';
import { ElMessage } from '@/ui/message';
import { canteenApi, type Member } from '../canteen.api';

export function useMemberDetail(memberId: Readonly<Ref<string | null>>, date: Readonly<Ref<string>>) {
  const { t } = useI18n();
  const describe = useFailure();

  // Stepping through members or dates quickly: only the newest answer is shown.
  const detail = useLatestLoad(() => canteenApi.member(memberId.value as string, date.value));
  const { data: member, state, failure } = detail;

  const fullId = ref<string | null>(null);
  const revealing = ref(false);
  const revealFailure = shallowRef<Failure | null>(null);

  const deactivating = ref(false);
  const reason = ref('');
  const busy = ref(false);
  const actionFailure = shallowRef<Failure | null>(null);

  async function load(): Promise<void> {
    if (memberId.value) await detail.load();
  }

  watch(
    memberId,
    (id) => {
      fullId.value = null;
      revealFailure.value = null;
      actionFailure.value = null;
      deactivating.value = false;
      reason.value = '';
      // Closing keeps the record on screen while the drawer slides away.
      if (!id) return;
      member.value = null;
      void load();
    },
    { immediate: true },
  );
  watch(date, () => void load());

  async function reveal(): Promise<void> {
    const id = memberId.value;
    if (!id || revealing.value) return;
    revealing.value = true;
    revealFailure.value = null;
    try {
      fullId.value = (await canteenApi.memberIdNumber(id)).idNumber;
    } catch (cause) {
      revealFailure.value = describe(cause);
    } finally {
      revealing.value = false;
    }
  }

  async function setActive(active: boolean): Promise<Member | null> {
    const m = member.value;
    if (!m || busy.value) return null;
    busy.value = true;
    actionFailure.value = null;
    try {
      const saved = active ? await canteenApi.reactivateMember(m.id) : await canteenApi.deactivateMember(m.id, reason.value.trim() || undefined);
      // The answer's tier is for today; keep the chosen date's by reading the member again.
      await load();
      deactivating.value = false;
      reason.value = '';
      ElMessage.success(t(active ? 'canteen.members.detail.reactivated' : 'canteen.members.detail.deactivated', { name: saved.name }));
      return saved;
    } catch (cause) {
      actionFailure.value = describe(cause, 'canteen.members.detail.actionFailed');
      return null;
    } finally {
      busy.value = false;
    }
  }

  return { member, state, failure, load, fullId, revealing, revealFailure, reveal, deactivating, reason, busy, actionFailure, setActive };
}
