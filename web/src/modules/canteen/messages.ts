/**
 * The canteen module's words, zh-CN first, merged into the app's i18n under `canteen.*`
 * when the module loads. Each tab keeps its own words beside it (counter/, members/,
 * plans/, reports/); this file only gathers them. (No `|` or `@` in messages: vue-i18n
 * reads them as plural and link.)
 */
import { i18n } from '@/i18n';
import { counterMessages } from './counter/messages';
import { membersMessages } from './members/messages';
import { plansMessages } from './plans/messages';
import { reportsMessages } from './reports/messages';

const zhCN = {
  tabs: {
    counter: '点餐台',
    members: '会员管理',
    plans: '菜单计划',
    kitchen: '后厨看板',
    delivery: '送餐清单',
    dayClose: '日结报表',
  },
  site: '站点',
  noSite: '您的账号没有关联任何站点，请联系管理员。',
  counter: counterMessages['zh-CN'],
  members: membersMessages['zh-CN'],
  plans: plansMessages['zh-CN'],
  reports: reportsMessages['zh-CN'],
};

const en: typeof zhCN = {
  tabs: {
    counter: 'Counter',
    members: 'Members',
    plans: 'Meal plans',
    kitchen: 'Kitchen board',
    delivery: 'Delivery list',
    dayClose: 'Day close',
  },
  site: 'Site',
  noSite: 'Your account is not linked to any site. Ask an administrator.',
  counter: counterMessages.en,
  members: membersMessages.en,
  plans: plansMessages.en,
  reports: reportsMessages.en,
};

i18n.global.mergeLocaleMessage('zh-CN', { canteen: zhCN });
i18n.global.mergeLocaleMessage('en', { canteen: en });
