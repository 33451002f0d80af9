/**
 * Routes and the one navigation guard:
 * - waits for the session check (`/auth/me`) once at start-up;
 * - if that check failed (not a 401), lets the navigation through: App shows an error with retry;
 * - unauthenticated → /login?redirect=<intended path>; signed in on /login → home;
 * - home → the role's landing page when it has one (canteen staff: the counter);
 * - a module the role may not open, or a page needing an action it does not hold → the forbidden page;
 * - a page whose code cannot be fetched (asked three times) → `pageCodeFailed`, which App shows.
 */
import { ref } from 'vue';
import { createRouter, createWebHistory, type RouteLocationRaw, type RouteRecordRaw } from 'vue-router';
import { useSessionStore } from '@/stores/session';
import { MODULES, type ModuleKey } from '@/modules/registry';
import { safeRedirect } from '@/modules/auth/useLogin';
import { retried } from '@/ui/lazyPart';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session. */
    public?: boolean;
    /** The module a signed-in user must be allowed to open. */
    module?: ModuleKey;
    /** The action (api/auth/permissions.ts) a signed-in user must hold, for pages outside the modules. */
    action?: string;
    /** i18n key of the page title (document.title). */
    titleKey?: string;
  }
}

// Every page's code comes with its first visit: the login page loads no shell, the shell no page it does not show.
const modulePages: Record<ModuleKey, () => Promise<unknown>> = {
  canteen: retried(() => import('@/modules/canteen/CanteenPage.vue')),
  childcare: retried(() => import('@/modules/childcare/ChildcarePage.vue')),
  carehome: retried(() => import('@/modules/carehome/CarehomePage.vue')),
  afterschool: retried(() => import('@/modules/afterschool/AfterschoolPage.vue')),
  costsharing: retried(() => import('@/modules/costsharing/CostsharingPage.vue')),
  reconciliation: retried(() => import('@/modules/reconciliation/ReconciliationPage.vue')),
};

export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: retried(() => import('@/modules/auth/LoginPage.vue')), meta: { public: true, titleKey: 'auth.title' } },
  {
    path: '/',
    component: retried(() => import('@/components/TheShell.vue')),
    children: [
      { path: '', name: 'home', component: retried(() => import('@/pages/HomePage.vue')), meta: { titleKey: 'shell.home' } },
      ...MODULES.map(
        (m): RouteRecordRaw => ({
          path: m.path.slice(1),
          name: m.key,
          component: modulePages[m.key],
          meta: { module: m.key, titleKey: `modules.${m.key}.title` },
        }),
      ),
      { path: 'audit', name: 'audit', component: retried(() => import('@/modules/audit/AuditPage.vue')), meta: { action: 'audit.read', titleKey: 'audit.title' } },
      { path: 'forbidden', name: 'forbidden', component: retried(() => import('@/pages/ForbiddenPage.vue')), meta: { titleKey: 'forbidden.title' } },
      { path: ':pathMatch(.*)*', name: 'not-found', component: retried(() => import('@/pages/NotFoundPage.vue')), meta: { titleKey: 'notFound.title' } },
    ],
  },
];

/**
 * Where home is for a user whose work is one screen: canteen staff take orders all day, so
 * home with its single card would only be a click in the way of the counter. Null: home.
 */
export function landingFor(session: Pick<ReturnType<typeof useSessionStore>, 'modules' | 'can'>): RouteLocationRaw | null {
  const onlyCanteen = session.modules.length === 1 && session.modules[0].key === 'canteen';
  return onlyCanteen && session.can('canteen.orders.write') ? { name: 'canteen', query: { tab: 'counter' } } : null;
}

/** Where to send someone who needs to log in first, remembering where they were going. */
export function loginLocation(intended: string): RouteLocationRaw {
  return intended && intended !== '/' ? { name: 'login', query: { redirect: intended } } : { name: 'login' };
}

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes,
  scrollBehavior: () => ({ top: 0 }),
});

/** Where the user was going when that page's code could not be fetched; cleared by the next page shown. */
export const pageCodeFailed = ref<string | null>(null);

router.onError((_error, to) => {
  pageCodeFailed.value = to.fullPath;
});
router.afterEach((_to, _from, failure) => {
  if (!failure) pageCodeFailed.value = null;
});

router.beforeEach(async (to) => {
  const session = useSessionStore();
  await session.boot();
  if (session.status === 'error') return true;

  if (to.meta.public) {
    if (to.name === 'login' && session.isAuthenticated) return safeRedirect(to.query.redirect) ?? { name: 'home' };
    return true;
  }
  if (!session.isAuthenticated) return loginLocation(to.fullPath);
  if (to.name === 'home') return landingFor(session) ?? true;
  if (to.meta.module && !session.canOpen(to.meta.module)) return { name: 'forbidden' };
  if (to.meta.action && !session.can(to.meta.action)) return { name: 'forbidden' };
  return true;
});
