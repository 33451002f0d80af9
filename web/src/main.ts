import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { router, loginLocation } from './router';
import { i18n } from './i18n';
import { onUnauthorized } from './api/http';
import { useSessionStore } from './stores/session';
import { ElMessage } from './ui/message';
import './styles/main.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(i18n);
app.use(router);

// Any 401 from the API: forget the user and go to /login, remembering the intended path.
onUnauthorized(() => {
  const session = useSessionStore(pinia);
  const wasSignedIn = session.isAuthenticated;
  session.clear();
  const current = router.currentRoute.value;
  if (current.meta.public) return;
  if (wasSignedIn) ElMessage.warning(i18n.global.t('shell.sessionExpired'));
  void router.push(loginLocation(current.fullPath));
});

app.mount('#app');
