/**
 * The care home's words, zh-CN first, merged into the app's i18n under `carehome.*` when the
 * module loads. Bed states are the domain's own names (BED_STATE_NAMES); care levels and rule
 * reasons come from the server in both languages. (No `|` or `@` in messages.)
 */
import { i18n } from '@/i18n';

const zhCN = {
  site: '站点',
  noSite: '您的账号没有关联任何站点，请联系管理员。',
  board: {
    title: '床位一览',
    floor: '{n} 楼',
    room: '{code} 室',
    since: '{date} 起',
    onLeave: '{kind}至 {date}',
    hold: '留给 {name}，{date} 前答复',
    holdUntil: '{date} 前答复',
    empty: '还没有床位。',
    counts: '共 {total} 张：在住 {occupied}，请假 {on_leave}，预留 {held}，空闲可用 {available}，清洁 {cleaning}，停用 {out_of_service}',
    refresh: '刷新',
  },
  family: {
    title: '我的家人',
    empty: '还没有申请床位。',
    position: '排第 {n} 位',
    ruleSet: '按第 {v} 版入住顺序规则',
    suspended: '暂停轮候',
    noAssessment: '待能力评估：评估后才能安排床位',
    careLevel: '照护等级：{level}',
    offer: '为您预留床位 {bed}，请在 {date} 前答复',
    accept: '接受入住',
    decline: '放弃',
    accepted: '已接受，入住安排已生成',
    declined: '已放弃，床位将留给下一位',
    status: { waiting: '轮候中', offered: '已预留床位', admitted: '在住', discharged: '已退住', withdrawn: '已撤回' },
  },
};

const en = {
  site: 'Site',
  noSite: 'Your login has no site; ask an administrator.',
  board: {
    title: 'Bed board',
    floor: 'Floor {n}',
    room: 'Room {code}',
    since: 'since {date}',
    onLeave: '{kind} until {date}',
    hold: 'held for {name}, answer by {date}',
    holdUntil: 'answer by {date}',
    empty: 'No beds yet.',
    counts: '{total} beds: {occupied} occupied, {on_leave} on leave, {held} held, {available} available, {cleaning} cleaning, {out_of_service} out of service',
    refresh: 'Refresh',
  },
  family: {
    title: 'My relatives',
    empty: 'No application for a bed yet.',
    position: 'Position {n}',
    ruleSet: 'By order of admission version {v}',
    suspended: 'Suspended',
    noAssessment: 'Assessment to come: a bed is offered only after it',
    careLevel: 'Care level: {level}',
    offer: 'Bed {bed} is held for you; answer by {date}',
    accept: 'Accept',
    decline: 'Decline',
    accepted: 'Accepted: the admission is arranged',
    declined: 'Declined: the bed goes to the next in line',
    status: { waiting: 'Waiting', offered: 'Bed held', admitted: 'Resident', discharged: 'Discharged', withdrawn: 'Withdrawn' },
  },
};

i18n.global.mergeLocaleMessage('zh-CN', { carehome: zhCN });
i18n.global.mergeLocaleMessage('en', { carehome: en });
