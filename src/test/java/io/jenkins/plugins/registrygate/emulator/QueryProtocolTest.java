package io.jenkins.plugins.registrygate.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The AWS query protocol (IAM, STS, CloudWatch) and CloudWatch's AWS JSON 1.0, seen with a plain HTTP client. */
class QueryProtocolTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private SageMakerEmulator emu;

    @BeforeEach
    void start() {
        emu = SageMakerEmulator.start(new MutableClock(ServiceTestSupport.T0));
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    /** An unsigned form POST, routed by its Action and Version. */
    private HttpResponse<String> form(String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(emu.endpoint().resolve("/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String signedFor(String service) {
        return "AWS4-HMAC-SHA256 Credential=EMULATORACCESSKEY/20260105/us-east-1/" + service
                + "/aws4_request, SignedHeaders=host, Signature=0";
    }

    @Test
    void unsignedRequestsAreRoutedByActionAndVersion() throws Exception {
        HttpResponse<String> sts = form("Action=GetCallerIdentity&Version=2011-06-15");
        HttpResponse<String> iam = form("Action=ListRoles&Version=2010-05-08");

        assertEquals(200, sts.statusCode(), sts.body());
        assertTrue(sts.body().startsWith("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                + "<GetCallerIdentityResult>"), sts.body());
        assertTrue(sts.body().contains("<Arn>arn:aws:iam::123456789012:user/anonymous</Arn>"), sts.body());
        assertEquals("text/xml", sts.headers().firstValue("Content-Type").orElseThrow());
        UUID.fromString(sts.headers().firstValue("x-amzn-RequestId").orElseThrow());
        assertEquals(200, iam.statusCode(), iam.body());
        assertTrue(iam.body().contains("<ListRolesResult><Roles></Roles><IsTruncated>false</IsTruncated>"), iam.body());
    }

    @Test
    void errorsAreErrorResponseDocuments() throws Exception {
        HttpResponse<String> r = form("Action=GetRole&Version=2010-05-08&RoleName=ghost");

        assertEquals(404, r.statusCode());
        String id = r.headers().firstValue("x-amzn-RequestId").orElseThrow();
        assertEquals("<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type>"
                + "<Code>NoSuchEntity</Code><Message>The role with name ghost cannot be found.</Message></Error>"
                + "<RequestId>" + id + "</RequestId></ErrorResponse>", r.body());
    }

    @Test
    void aMissingActionIsMissingActionAndAnUnknownOneInvalidAction() throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(emu.endpoint().resolve("/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", signedFor("iam"));
        HttpResponse<String> missing = http.send(b.POST(HttpRequest.BodyPublishers.ofString("Version=2010-05-08")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unknown = http.send(b.POST(HttpRequest.BodyPublishers.ofString(
                "Action=LaunchRocket&Version=2010-05-08")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unemulated = http.send(b.POST(HttpRequest.BodyPublishers.ofString(
                "Action=CreateUser&Version=2010-05-08&UserName=bob")).build(), HttpResponse.BodyHandlers.ofString());

        assertTrue(missing.body().contains("<Code>MissingAction</Code>"), missing.body());
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.body().contains("<Code>InvalidAction</Code>"), unknown.body());
        assertTrue(unemulated.body().contains("<Code>InvalidAction</Code>")
                && unemulated.body().contains("not implemented by the emulator"), unemulated.body());
    }

    @Test
    void aGetWithTheParametersInTheQueryStringWorksToo() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(emu.endpoint()
                + "/?Action=GetCallerIdentity&Version=2011-06-15")).header("Authorization", signedFor("sts")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("<Account>123456789012</Account>"), r.body());
    }

    @Test
    void membersListsAndEscapingFollowTheModel() throws Exception {
        HttpResponse<String> put = form("Action=PutMetricAlarm&Version=2010-08-01&AlarmName=a%26b%3Cc"
                + "&AlarmDescription=%22quoted%22+%26+%3Ctagged%3E&Namespace=AWS%2FSageMaker&MetricName=ModelLatency"
                + "&Statistic=Average&Period=60&EvaluationPeriods=1&Threshold=1.5&ComparisonOperator=GreaterThanThreshold"
                + "&Dimensions.member.1.Name=EndpointName&Dimensions.member.1.Value=churn"
                + "&Dimensions.member.2.Name=VariantName&Dimensions.member.2.Value=AllTraffic&AlarmActions=");
        HttpResponse<String> described = form("Action=DescribeAlarms&Version=2010-08-01&AlarmNames.member.1=a%26b%3Cc");

        assertEquals(200, put.statusCode(), put.body());
        String body = described.body();
        assertTrue(body.contains("<AlarmName>a&amp;b&lt;c</AlarmName>"), body);
        assertTrue(body.contains("<AlarmDescription>&quot;quoted&quot; &amp; &lt;tagged&gt;</AlarmDescription>"), body);
        assertTrue(body.contains("<Dimensions><member><Name>EndpointName</Name><Value>churn</Value></member>"
                + "<member><Name>VariantName</Name><Value>AllTraffic</Value></member></Dimensions>"), body);
        assertTrue(body.contains("<AlarmActions></AlarmActions>"), "an empty list is sent as Prefix=: " + body);
        assertTrue(body.contains("<Threshold>1.5</Threshold>"), body);
        assertTrue(body.contains("<StateUpdatedTimestamp>2026-01-05T10:00:00Z</StateUpdatedTimestamp>"), body);
    }

    @Test
    void aParameterThatIsNotANumberIsInvalidParameterValue() throws Exception {
        HttpResponse<String> r = form("Action=ListRoles&Version=2010-05-08&MaxItems=ten");

        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("<Code>InvalidParameterValue</Code>"), r.body());
        assertTrue(r.body().contains("MaxItems"), r.body());
    }

    @Test
    void cloudWatchAlsoSpeaksAwsJson10AsBotocoreDoes() throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(emu.endpoint().resolve("/"))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("Authorization", signedFor("monitoring"));
        HttpResponse<String> put = http.send(b.header("X-Amz-Target", "GraniteServiceVersion20100801.PutMetricAlarm")
                .POST(HttpRequest.BodyPublishers.ofString("{\"AlarmName\":\"churn-latency\",\"Namespace\":\"AWS/SageMaker\","
                        + "\"MetricName\":\"ModelLatency\",\"Statistic\":\"Average\",\"Period\":60,\"EvaluationPeriods\":1,"
                        + "\"Threshold\":1,\"ComparisonOperator\":\"GreaterThanThreshold\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(emu.endpoint().resolve("/"))
                .header("Content-Type", "application/x-amz-json-1.0").header("Authorization", signedFor("monitoring"))
                .header("X-Amz-Target", "GraniteServiceVersion20100801.SetAlarmState")
                .POST(HttpRequest.BodyPublishers.ofString("{\"AlarmName\":\"ghost\",\"StateValue\":\"ALARM\","
                        + "\"StateReason\":\"test\"}")).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, put.statusCode(), put.body());
        assertEquals("application/x-amz-json-1.0", put.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(404, missing.statusCode());
        assertEquals("ResourceNotFound;Sender", missing.headers().firstValue("x-amzn-query-error").orElseThrow(),
                "botocore reads the query error code of a query-compatible JSON service from this header");
        assertEquals(java.util.Optional.of("INSUFFICIENT_DATA"), emu.cloudWatch().alarmState("churn-latency"));
    }
}
