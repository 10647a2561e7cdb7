package io.paramant.admin.console;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Every method of the bean runs only for the admin: a signed-in console session or an admitted
 * admin API call ({@link AdminOnlyInterceptor}). The second check behind the request filter ({@code
 * ConsoleAccess}) and the API's bearer filter, so that one mistake there does not open an action.
 * Every page backing bean but the sign-in page's, and every admin API resource, carries it ({@code
 * AdminOnlyCoverageTest} fails a build where one does not).
 */
@InterceptorBinding
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface AdminOnly {}
