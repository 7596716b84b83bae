package org.edgeiam.identifier.vis.internal;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.edgeiam.identifier.vis.internal.VisMessages.Frame;

/**
 * The requests sent to the VIS server that wait for their answer, by request ID. Each one's
 * future completes exactly once: with the answer, with {@code FAILED} if the server reports an
 * error, with {@code TIMEOUT} after the configured timeout (timed on the component's executor),
 * or with the failure given to {@link #fail} or {@link #failAll}.
 */
final class PendingRequests {
    /** Extra wait in {@link #await} beyond the timeout: a safety net, never reached normally. */
    private static final long AWAIT_MARGIN_MS = 2000;

    private final URI server;
    private final Duration timeout;
    private final ScheduledExecutorService executor;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    /** A request waiting for its answer; {@code onAnswer} runs on the frame thread first. */
    private record Pending(String what, CompletableFuture<Frame> answer, Consumer<Frame> onAnswer) {
    }

    PendingRequests(URI server, Duration timeout, ScheduledExecutorService executor) {
        this.server = server;
        this.timeout = timeout;
        this.executor = executor;
    }

    /**
     * @param id the request ID
     * @param what the request for messages, e.g. {@code get Attribute.Aos.Subjects}
     * @param onAnswer run with a successful answer before the future completes, or {@code null}
     * @return the future of the answer
     */
    CompletableFuture<Frame> add(String id, String what, Consumer<Frame> onAnswer) {
        Pending request = new Pending(what, new CompletableFuture<>(), onAnswer);
        this.pending.put(id, request);
        try {
            ScheduledFuture<?> expiry = this.executor.schedule(() -> expire(id), this.timeout.toMillis(),
                    TimeUnit.MILLISECONDS);
            request.answer().whenComplete((r, e) -> expiry.cancel(false));
        } catch (RejectedExecutionException e) {
            fail(id, new IamException(ErrorCode.UNAVAILABLE, "the VIS identifier is deactivated"));
        }
        return request.answer();
    }

    /** @return whether {@code frame} answered a pending request, which is now complete */
    boolean answer(Frame frame) {
        Pending request = frame.requestId() == null ? null : this.pending.remove(frame.requestId());
        if (request == null) {
            return false;
        }
        if (frame.error() != null) {
            request.answer().completeExceptionally(new IamException(ErrorCode.FAILED, "VIS server " + this.server
                    + " refused " + request.what() + ": " + VisMessages.shorten(frame.error().toString())));
        } else {
            if (request.onAnswer() != null) {
                request.onAnswer().accept(frame);
            }
            request.answer().complete(frame);
        }
        return true;
    }

    /** Completes request {@code id}, if still pending, with {@code failure}. */
    void fail(String id, IamException failure) {
        Pending request = this.pending.remove(id);
        if (request != null) {
            request.answer().completeExceptionally(failure);
        }
    }

    /** Completes every pending request with {@code failure}. */
    void failAll(IamException failure) {
        for (String id : this.pending.keySet()) {
            fail(id, failure);
        }
    }

    /**
     * @return the answer
     * @throws IamException the failure the request completed with
     */
    Frame await(CompletableFuture<Frame> answer) throws IamException {
        try {
            return answer.get(this.timeout.toMillis() + AWAIT_MARGIN_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IamException failure) {
                // a new exception, so the stack trace shows the caller too
                throw new IamException(failure.code(), failure.getMessage(), failure);
            }
            throw new IamException(ErrorCode.RUNTIME, "VIS request failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IamException(ErrorCode.TIMEOUT, "VIS server " + this.server + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IamException(ErrorCode.CANCELED, "interrupted waiting for VIS server " + this.server, e);
        }
    }

    private void expire(String id) {
        Pending request = this.pending.get(id);
        if (request != null) {
            fail(id, new IamException(ErrorCode.TIMEOUT, "VIS server " + this.server + " did not answer "
                    + request.what() + " within " + this.timeout.toMillis() + " ms"));
        }
    }
}
