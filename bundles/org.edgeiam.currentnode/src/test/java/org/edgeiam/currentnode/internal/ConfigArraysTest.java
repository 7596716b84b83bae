package org.edgeiam.currentnode.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Decoding of the {@code attrs} and {@code partitions} properties. */
class ConfigArraysTest {

    @Test
    void attrsKeepOrderTrimAndAllowEmptyValuesAndEqualsInValues() throws IamException {
        Map<String, String> attrs = ConfigArrays.attrs(
                new String[] {" MainNode = ", "AosComponents=cm,iam,sm", "", "expr=a=b"});

        assertEquals(List.of("MainNode", "AosComponents", "expr"), List.copyOf(attrs.keySet()));
        assertEquals("", attrs.get("MainNode"));
        assertEquals("cm,iam,sm", attrs.get("AosComponents"));
        assertEquals("a=b", attrs.get("expr"));
    }

    @Test
    void attrsAcceptTheLimitsExactly() throws IamException {
        String[] entries = new String[ConfigArrays.MAX_ATTRS];
        for (int i = 0; i < entries.length; i++) {
            entries[i] = String.format("%016d", i) + "=" + "v".repeat(ConfigArrays.MAX_ATTR_VALUE);
        }
        assertEquals(ConfigArrays.MAX_ATTRS, ConfigArrays.attrs(entries).size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"no-equals", "=value", " = value", "Name12345678901234=x",
        "MainNode=duplicate"})
    void malformedAttrIsRejectedNamingPropertyAndEntry(String entry) {
        IamException e = assertThrows(IamException.class,
                () -> ConfigArrays.attrs(new String[] {"MainNode=", entry}));

        thenInvalid(e, "attrs", entry);
    }

    @Test
    void tooLongAttrValueIsRejectedNamingTheAttribute() {
        String entry = "long=" + "v".repeat(ConfigArrays.MAX_ATTR_VALUE + 1);
        IamException e = assertThrows(IamException.class,
                () -> ConfigArrays.attrs(new String[] {entry}));

        thenInvalid(e, "attrs", "attribute long");
    }

    @Test
    void partitionsAreDecodedInOrder() throws IamException {
        List<ConfigArrays.Partition> partitions = ConfigArrays.partitions(new String[] {
            "storages;/var/aos/storages;storages, generic", " ", "services ; /srv", "tmp;/tmp;"});

        assertEquals(List.of(
                new ConfigArrays.Partition("storages", "/var/aos/storages",
                        List.of("storages", "generic")),
                new ConfigArrays.Partition("services", "/srv", List.of()),
                new ConfigArrays.Partition("tmp", "/tmp", List.of())), partitions);
    }

    @ParameterizedTest
    @ValueSource(strings = {"name-only", ";/path;t", "name;;t", "a;b;c;d", "p;/other"})
    void malformedPartitionIsRejectedNamingPropertyAndEntry(String entry) {
        IamException e = assertThrows(IamException.class,
                () -> ConfigArrays.partitions(new String[] {"p;/path;generic", entry}));

        thenInvalid(e, "partitions", entry);
    }

    private static void thenInvalid(IamException e, String property, String text) {
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("property " + property), e.getMessage());
        assertTrue(e.getMessage().contains(text), e.getMessage());
    }
}
