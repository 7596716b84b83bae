package org.edgeiam.util.ds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The reason logged for a failed activation: what the constructor threw, without its class name. */
class FailureTextTest {

    @Test
    void givenReflectionWrappedFailure_whenReason_thenTheConstructorsMessage() {
        String failure = """
                java.lang.reflect.InvocationTargetException
                \tat java.base/jdk.internal.reflect.NativeConstructorAccessorImpl.newInstance0(Native Method)
                Caused by: org.edgeiam.api.IamException: /w/iamanager.db cannot be written (read-only file system?): x
                \tat org.edgeiam.storage.sqlite.internal.Database.checkWritable(Database.java:101)
                """;

        assertEquals("/w/iamanager.db cannot be written (read-only file system?): x", FailureText.reason(failure));
    }

    @Test
    void givenNoFailureText_whenReason_thenSaysSo() {
        assertEquals("no reason given", FailureText.reason(null));
        assertEquals("plain words: kept", FailureText.reason("plain words: kept"));
    }
}
