// Hash routes. access: 'guest' (signed out only), 'public' (anyone), 'auth' (signed-in planner), 'device' (paired device).
// restricted: true marks the routes a restricted account may still open (besides the public ones).
import signin from './pages/signin.js';
import signup from './pages/signup.js';
import verify from './pages/verify.js';
import forgot from './pages/forgot.js';
import reset from './pages/reset.js';
import pair from './pages/pair.js';
import setupLogin from './pages/setup-login.js';
import device from './pages/device.js';
import home from './pages/home.js';
import user from './pages/user.js';
import plan from './pages/plan.js';
import invitation from './pages/invitation.js';
import enrolment from './pages/enrolment.js';
import staffInvitation from './pages/staff-invitation.js';
import sessions from './pages/sessions.js';
import account from './pages/account.js';
import institutions from './pages/institutions.js';
import institution from './pages/institution.js';
import privacy from './pages/privacy.js';
import policy from './pages/policy.js';
import licences from './pages/licences.js';
import notFoundPage from './pages/notfound.js';

export const routes = [
  { path: '/signin', page: signin, access: 'guest' },
  { path: '/signup', page: signup, access: 'guest' },
  { path: '/verify', page: verify, access: 'public' },
  { path: '/forgot', page: forgot, access: 'public' },
  { path: '/reset', page: reset, access: 'public' },
  { path: '/pair', page: pair, access: 'public' },
  { path: '/setup-login', page: setupLogin, access: 'public' },
  { path: '/device', page: device, access: 'device' },
  { path: '/home', page: home, access: 'auth' },
  { path: '/users/:id', page: user, access: 'auth' },
  { path: '/users/:id/plan', page: plan, access: 'auth' },
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
