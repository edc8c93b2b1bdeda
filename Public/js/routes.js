// Hash routes. access: 'guest' (signed out only), 'public' (anyone), 'auth' (signed-in planner), 'device' (paired device).
// restricted: true marks the routes a restricted account may still open (besides the public ones).
import signin from './pages/shared/signin.js';
import signup from './pages/shared/signup.js';
import verify from './pages/shared/verify.js';
import forgot from './pages/shared/forgot.js';
import reset from './pages/shared/reset.js';
import unsubscribe from './pages/shared/unsubscribe.js';
import account from './pages/shared/account.js';
import licences from './pages/shared/licences.js';
import notFoundPage from './pages/shared/notfound.js';
import pair from './pages/me/pair.js';
import device from './pages/me/device.js';
import setupLogin from './pages/planet/setup-login.js';
import home from './pages/planner/home.js';
import user from './pages/planner/user.js';
import plan from './pages/planner/plan.js';
import invitation from './pages/planner/invitation.js';
import conversations from './pages/chat/conversations.js';
import conversation from './pages/chat/conversation.js';
import goals from './pages/goals/goals.js';
import enrolment from './pages/institution/enrolment.js';
import staffInvitation from './pages/institution/staff-invitation.js';
import institutions from './pages/institution/institutions.js';
import institution from './pages/institution/institution.js';
import sessions from './pages/privacy/sessions.js';
import privacy from './pages/privacy/privacy.js';
import policy from './pages/privacy/privacy-policy.js';

export const routes = [
  { path: '/signin', page: signin, access: 'guest' },
  { path: '/signup', page: signup, access: 'guest' },
  { path: '/verify', page: verify, access: 'public' },
  { path: '/forgot', page: forgot, access: 'public' },
  { path: '/reset', page: reset, access: 'public' },
  { path: '/unsubscribe', page: unsubscribe, access: 'public' },
  { path: '/pair', page: pair, access: 'public' },
  { path: '/setup-login', page: setupLogin, access: 'public' },
  { path: '/device', page: device, access: 'device' },
  { path: '/home', page: home, access: 'auth' },
  { path: '/users/:id', page: user, access: 'auth' },
  { path: '/users/:id/plan', page: plan, access: 'auth' },
  { path: '/users/:id/chat', page: conversations, access: 'auth' },
  { path: '/users/:id/goals', page: goals, access: 'auth' },
  { path: '/users/:id/chat/:conversationId', page: conversation, access: 'auth' },
  { path: '/invitation', page: invitation, access: 'auth' },
  { path: '/enrolment', page: enrolment, access: 'auth' },
  { path: '/staff-invitation', page: staffInvitation, access: 'auth' },
  { path: '/sessions', page: sessions, access: 'auth' },
  { path: '/account', page: account, access: 'auth' },
  { path: '/institutions', page: institutions, access: 'auth' },
  { path: '/institutions/:id', page: institution, access: 'auth' },
  { path: '/privacy', page: privacy, access: 'auth', restricted: true },
  { path: '/users/:id/privacy', page: privacy, access: 'auth', restricted: true },
  { path: '/policy', page: policy, access: 'public' },
  { path: '/licences', page: licences, access: 'public' },
];

export const notFound = { page: notFoundPage, access: 'public' };
