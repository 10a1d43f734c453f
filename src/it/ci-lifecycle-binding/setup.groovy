evaluate(new File(orchProjectDir, 'src/it/support/it-support.groovy'))

copyExample(basedir)

// The profile the README (Running Orch in CI) shows: orch:run bound to verify, so `mvn -P orch verify` runs the backlog in CI.
File pom = new File(basedir, 'pom.xml')
String profile = '''
  <profiles>
    <profile>
      <id>orch</id>
      <build>
        <plugins>
          <plugin>
            <groupId>dev.orch</groupId>
            <artifactId>orch-maven-plugin</artifactId>
            <version>${orch.version}</version>
            <executions>
              <execution>
                <id>run-backlog</id>
                <phase>verify</phase>
                <goals><goal>run</goal></goals>
              </execution>
            </executions>
          </plugin>
        </plugins>
      </build>
    </profile>
  </profiles>
</project>'''
String text = pom.text
assert text.contains('</project>')
pom.text = text.substring(0, text.lastIndexOf('</project>')) + profile.substring(1) + '\n'

commitAll(basedir)
return true
