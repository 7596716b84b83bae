package org.edgeiam.http.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;

import org.edgeiam.util.ds.ComponentHealth;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /health}: 200 when every configured EdgeIAM component is active, 500 otherwise, with
 * one human-readable line per component either way (what {@code iam:health} shows). Components
 * that need a configuration this node does not give (e.g. the client of a main node on a main
 * node) are listed but do not count.
 */
@Component(service = Servlet.class, property = {"osgi.http.whiteboard.servlet.pattern=/health",
        "osgi.http.whiteboard.servlet.name=edgeiam-health"})
public final class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient ServiceComponentRuntime runtime;

    /** @param runtime Declarative Services, which knows every component's state */
    @Activate
    public HealthServlet(@Reference ServiceComponentRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        List<ComponentHealth.Entry> entries = ComponentHealth.of(this.runtime);
        boolean healthy = entries.stream().filter(ComponentHealth.Entry::configured).allMatch(ComponentHealth.Entry::ok);
        resp.setStatus(healthy ? HttpServletResponse.SC_OK : HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
        resp.setContentType("text/plain; charset=utf-8");
        resp.setHeader("Cache-Control", "no-store");
        PrintWriter out = resp.getWriter();
        out.println(healthy ? "healthy" : "unhealthy");
        for (ComponentHealth.Entry e : entries) {
            out.printf("%-28s %s%n", e.name(), e.state());
        }
    }
}
