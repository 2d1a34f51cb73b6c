package io.jenkins.plugins.registrygate.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The official models of the services around SageMaker, as the emulator reads them. */
class ServiceModelsTest {

    @ParameterizedTest
    @CsvSource({
            ServiceModel.S3 + ", s3, rest-xml, 2006-03-01",
            ServiceModel.ECR + ", ecr, json, 2015-09-21",
            ServiceModel.IAM + ", iam, query, 2010-05-08",
            ServiceModel.CLOUDWATCH + ", monitoring, query, 2010-08-01",
            ServiceModel.KMS + ", kms, json, 2014-11-01",
            ServiceModel.STS + ", sts, query, 2011-06-15",
            ServiceModel.SQS + ", sqs, json, 2012-11-05"})
    void eachModelLoadsWithItsSigningNameProtocolAndVersion(String resource, String signingName, String protocol,
                                                           String version) {
        ServiceModel m = ServiceModel.fromResource(resource);

        assertEquals(signingName, m.signingName());
        assertTrue(m.protocols().contains(protocol), m.protocols().toString());
        assertEquals(version, m.apiVersion());
    }

    @ParameterizedTest
    @CsvSource({ServiceModel.S3, ServiceModel.ECR, ServiceModel.IAM, ServiceModel.CLOUDWATCH, ServiceModel.KMS,
            ServiceModel.STS, ServiceModel.SQS})
    void everyPatternCompilesInJava(String resource) {
        ServiceModel m = ServiceModel.fromResource(resource);
        for (String name : m.shapeNames()) {
            ServiceModel.Shape s = m.shape(name);
            if (s.pattern() != null) {
                assertNotNull(m.pattern(s), name);
            }
        }
    }

    @Test
    void cloudWatchSpeaksCborJsonAndQueryWithItsJsonTargetPrefix() {
        ServiceModel cw = ServiceModel.fromResource(ServiceModel.CLOUDWATCH);

        assertEquals(List.of("smithy-rpc-v2-cbor", "json", "query"), cw.protocols());
        assertEquals("GraniteServiceVersion20100801", cw.targetPrefix());
        assertEquals("1.0", cw.jsonVersion());
        assertTrue(cw.isQueryCompatible());
        assertEquals("http://monitoring.amazonaws.com/doc/2010-08-01/", cw.xmlNamespace());
    }

    @Test
    void modelledErrorsCarryTheirCodeAndStatus() {
        ServiceError noSuchEntity = ServiceModel.fromResource(ServiceModel.IAM).error("NoSuchEntityException", "gone");
        ServiceError noSuchKey = ServiceModel.fromResource(ServiceModel.S3).error("NoSuchKey", "gone");

        assertEquals("NoSuchEntity", noSuchEntity.errorCode());
        assertEquals(404, noSuchEntity.httpStatus());
        assertEquals("NoSuchKey", noSuchKey.errorCode(), "no code in the trait: the shape name");
        assertEquals(404, noSuchKey.httpStatus());
    }

    @Test
    void serializationTraitsAreReadable() {
        ServiceModel s3 = ServiceModel.fromResource(ServiceModel.S3);
        ServiceModel iam = ServiceModel.fromResource(ServiceModel.IAM);

        assertEquals("x-amz-meta-", s3.memberNode("PutObjectRequest", "Metadata").path("locationName").asText());
        assertEquals("Body", s3.shapeNode("GetObjectOutput").path("payload").asText());
        assertEquals("/{Bucket}?list-type=2", s3.operationNode("ListObjectsV2").path("http").path("requestUri").asText());
        assertEquals("CreateRoleResult", iam.operationNode("CreateRole").path("output").path("resultWrapper").asText());
        assertTrue(s3.shapeNode("ObjectList").path("flattened").asBoolean());
    }
}
