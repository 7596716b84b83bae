package org.edgeiam.iamserver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.junit.jupiter.api.Test;

import io.grpc.Status;

/** Errors that quote client input stay small on the wire (a status trailer, an ErrorInfo). */
class GrpcErrorsTest {

    @Test
    void aMessageQuotingAHugeValueIsCut() {
        IamException e = new IamException(ErrorCode.NOT_FOUND, "unknown cert type '" + "t".repeat(100_000) + "'");

        Status status = GrpcErrors.toStatus(e).getStatus();

        assertEquals(Status.Code.NOT_FOUND, status.getCode());
        assertEquals(GrpcErrors.MAX_DESCRIPTION, status.getDescription().length());
        assertTrue(status.getDescription().startsWith("unknown cert type 'ttt"));
        assertEquals(GrpcErrors.MAX_DESCRIPTION, GrpcErrors.toErrorInfo(e).getMessage().length());
        assertEquals("short", GrpcErrors.toStatus(new IamException(ErrorCode.RUNTIME, "short")).getStatus()
                .getDescription());
    }
}
