package io.paramant.admin.console;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.servlet.http.HttpServletRequest;

/** Refuses a call into an {@link AdminOnly} bean unless the request is the admin's. */
@AdminOnly
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE)
public class AdminOnlyInterceptor {

  @Inject AdminCaller caller;
  @Inject AdminSession session;
  @Inject HttpServletRequest request;

  @AroundInvoke
  Object requireAdmin(InvocationContext invocation) throws Exception {
    // no session is created for the check: a request without one is not signed in
    if (!caller.admitted() && (request.getSession(false) == null || !session.signedIn())) {
      throw new NotSignedInException(invocation.getMethod().getDeclaringClass().getSimpleName());
    }
    return invocation.proceed();
  }
}
